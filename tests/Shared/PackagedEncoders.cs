using Ingestion.Core.Embeddings;

namespace Ingestion.Tests.Shared;

/// <summary>Each packaged model loaded once for the tests that need it.</summary>
public sealed class PackagedEncoders : IDisposable
{
    private readonly Lazy<OnnxSentenceEncoder> _miniLm = new(() => OnnxSentenceEncoder.Load(SentenceEncoderModels.MiniLmL6V2, Environment.ProcessorCount, batchSize: 4));
    private readonly Lazy<OnnxSentenceEncoder> _miniLmInt8 = new(() => OnnxSentenceEncoder.Load(SentenceEncoderModels.MiniLmL6V2Int8, Environment.ProcessorCount, batchSize: 4));
    private readonly Lazy<OnnxSentenceEncoder> _arctic = new(() => OnnxSentenceEncoder.Load(SentenceEncoderModels.ArcticEmbedXs, Environment.ProcessorCount, batchSize: 4));

    public OnnxSentenceEncoder MiniLm => _miniLm.Value;

    public OnnxSentenceEncoder MiniLmInt8 => _miniLmInt8.Value;

    public OnnxSentenceEncoder Arctic => _arctic.Value;

    public void Dispose()
    {
        foreach (var encoder in new[] { _miniLm, _miniLmInt8, _arctic }.Where(e => e.IsValueCreated))
        {
            encoder.Value.Dispose();
        }
    }
}
