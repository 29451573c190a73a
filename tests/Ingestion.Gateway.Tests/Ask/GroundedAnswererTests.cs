using Ingestion.Client.Model;
using Ingestion.Gateway.Ask;
using Microsoft.Extensions.AI;

namespace Ingestion.Gateway.Tests.Ask;

public sealed class GroundedAnswererTests
{
    private static readonly ContextPassage[] Passages =
    [
        new(1, "a", 1, "A", "Because.", 0, 8, null, ["a#0"], 1, false),
        new(2, "b", 1, "B", "Also.", 0, 5, null, ["b#0"], 0.5, false),
    ];

    private static readonly AssembledContext Context = new(
        ContextPrompt.Messages("Why?", Passages),
        Passages,
        PromptTokens: 90,
        BudgetTokens: 100,
        Tokenizer: "o200k_base",
        Candidates: 2,
        MergedChunks: 0,
        Duplicates: 0,
        LeftOut: 0);

    [Fact]
    public async Task WithoutAChatModelItSaysSoAndAsksNothing()
    {
        var answer = await new GroundedAnswerer(null).AnswerAsync(Context, 100, CancellationToken.None);

        Assert.Equal(AnswerStatus.NotConfigured, answer.Status);
        Assert.Null(answer.Text);
        Assert.Empty(answer.CitationsUsed);
    }

    [Fact]
    public async Task TheModelIsGivenTheAssembledMessagesAndItsCitationsAreRead()
    {
        // A scripted stand-in for a model (none can run here); the HTTP path is tested against a local server in the integration tests.
        var model = new ScriptedChatClient("It is so [2], as [9] and [2] say.");

        var answer = await new GroundedAnswerer(model).AnswerAsync(Context, 100, CancellationToken.None);

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal("It is so [2], as [9] and [2] say.", answer.Text);
        Assert.Equal([2], answer.CitationsUsed);
        Assert.Equal(Context.Messages.Select(m => (m.Role, m.Text)), model.Received.Select(m => (m.Role, m.Text)));
        Assert.Equal(100, model.Options?.MaxOutputTokens);
    }

    private sealed class ScriptedChatClient(string reply) : IChatClient
    {
        public List<ChatMessage> Received { get; } = [];

        public ChatOptions? Options { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Received.AddRange(messages);
            Options = options;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)) { ModelId = "scripted" });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
