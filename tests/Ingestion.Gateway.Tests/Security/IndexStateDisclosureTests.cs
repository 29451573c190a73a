using Ingestion.Core.Embeddings;
using Ingestion.Gateway.Apis;
using Ingestion.Gateway.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Tests.Security;

/// <summary>
/// <c>GET /api/index</c> tells what is computed over every reader's documents (counts, the switch gate's figures) only
/// to a caller who reads everything or runs the system; others learn that a switch is held, not how the models scored.
/// </summary>
public sealed class IndexStateDisclosureTests
{
    private static readonly EmbeddingModelInfo Model = new("m", 4);

    private static readonly IndexState Held = new(
        new IndexDescription("old", Model, 120),
        new IndexDescription("new", Model, 118),
        new SwitchHold("new", "On the judgment set 'private-set' (40 queries), m scores 0.41 against 0.62.", "private-set", 40, 0.62, 0.41, 0.01, 0.003, DateTimeOffset.UnixEpoch));

    [Fact]
    public async Task ACallerWhoMayNotReadEverythingIsToldOnlyThatTheSwitchIsHeld()
    {
        var state = (await IndexApi.GetIndex(new FixedState(Held), Caller.Nobody, default)).Value!;

        Assert.Equal((null, null), (state.Current!.Documents, state.Building!.Documents));
        var hold = state.Held!;
        Assert.Equal("new", hold.Target);
        Assert.Equal((0, null, null, null), (hold.Queries, hold.Current, hold.Building, hold.PValue));
        Assert.DoesNotContain("0.41", hold.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSingleUserIsToldEverything()
    {
        var state = (await IndexApi.GetIndex(new FixedState(Held), Caller.SingleUser, default)).Value!;

        Assert.Equal(Held, state);
    }

    private sealed class FixedState(IndexState state) : IChunkIndexReader
    {
        public IIndexSnapshot AcquireSnapshot() => throw new NotSupportedException();

        public Task<IndexState> DescribeAsync(CancellationToken cancellationToken) => Task.FromResult(state);

        public Task<SwitchHold?> ApproveHeldSwitchAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
