using System.Threading.Channels;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// Group commits: every write waits for the next commit after it, and one commit (at most one a
/// <c>Index:CommitDelay</c>) makes all the writes before it durable together. A failed commit or a rollback fails the
/// writes waiting for it, so none is acknowledged that was not made durable.
/// </summary>
internal sealed class GroupCommit
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private TaskCompletionSource _next = NewSignal();

    /// <summary>Completes when the next commit is durable; call with the writer's gate held, after the write.</summary>
    public Task Request()
    {
        var committed = _next.Task;
        _requests.Writer.TryWrite(true);
        return committed;
    }

    /// <summary>Fails every write waiting for the next commit; call with the gate held.</summary>
    public void FailPending(Exception exception)
    {
        var pending = _next;
        _next = NewSignal();
        pending.TrySetException(exception);
    }

    /// <summary>
    /// Runs until <see cref="Complete"/>: waits for a request, lets <paramref name="delay"/> gather more, then commits
    /// under the gate with <paramref name="commit"/>, completing or failing the writes that waited for it.
    /// </summary>
    public async Task RunAsync(TimeSpan delay, SemaphoreSlim gate, Action commit, Action<Exception> failed)
    {
        while (await _requests.Reader.WaitToReadAsync())
        {
            _requests.Reader.TryRead(out _);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            await gate.WaitAsync();
            var signal = _next;
            _next = NewSignal();
            try
            {
                commit();
                signal.TrySetResult();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                signal.TrySetException(exception);
                failed(exception);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>No more requests: <see cref="RunAsync"/> ends once it has committed what was asked.</summary>
    public void Complete() => _requests.Writer.TryComplete();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
