namespace Ingestion.Core.Embeddings;

/// <summary>A query encoder tuned from a packaged model (<see cref="QueryEncoderOptions"/>), resolved without loading it.</summary>
/// <param name="Base">The packaged model it was tuned from: its vocabulary, pooling, prefix and weight format.</param>
/// <param name="GraphPath">The tuned graph's file.</param>
public sealed record TunedQueryEncoder(SentenceEncoderModel Base, string GraphPath)
{
    /// <summary>The tuned encoder <paramref name="options"/> names, null when none, or an exception naming the setting that is wrong (its file is read later, by <see cref="ReadGraph"/>).</summary>
    public static TunedQueryEncoder? Resolve(QueryEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.Path) || string.IsNullOrWhiteSpace(options.ForModel))
        {
            throw new InvalidOperationException("Embeddings:QueryEncoder needs both Path (the tuned graph) and ForModel (the packaged model it was tuned from).");
        }

        var packaged = SentenceEncoderModels.Find(options.ForModel)
            ?? throw new InvalidOperationException(
                $"Embeddings:QueryEncoder:ForModel '{options.ForModel}' is not a packaged model; a query encoder is tuned from one of {string.Join(", ", SentenceEncoderModels.All.Select(m => m.Name))}.");
        return new TunedQueryEncoder(packaged, options.Path);
    }

    /// <summary>
    /// The tuned graph run as <see cref="Base"/> is (its vocabulary, pooling, weight format), and the model id its
    /// cached vectors are keyed by: the base model's with the graph's SHA-256, so a query's vector from the packaged
    /// model, or from an earlier tuning, is never served as this one's. Throws, naming the setting, for a graph that is
    /// missing, too large or cannot be run.
    /// </summary>
    public (OnnxSentenceEncoder Encoder, string CacheModelId) Load(EmbeddingOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var graph = ReadGraph();
        var cacheModelId = $"{Base.ModelId}+tuned-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(graph))[..16]}";
        try
        {
            return (OnnxSentenceEncoder.Load(Base, settings.IntraOpThreads, settings.BatchSize, settings.AllowSpinning, settings.ModelCache, graph), cacheModelId);
        }
        catch (Exception exception) when (exception is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or Google.Protobuf.InvalidProtocolBufferException)
        {
            throw new InvalidOperationException($"Embeddings:QueryEncoder:Path is not an ONNX graph that can be run: {GraphPath} ({exception.Message})", exception);
        }
    }

    /// <summary>
    /// The tuned graph's bytes, or an exception naming the setting when its file is missing or too large. Read only
    /// where queries are embedded (the gateway, the indexer's switch gate): the workers take the same settings and never open the file.
    /// </summary>
    private byte[] ReadGraph()
    {
        var file = new FileInfo(GraphPath);
        if (!file.Exists)
        {
            throw new InvalidOperationException($"Embeddings:QueryEncoder:Path names no file: {GraphPath}.");
        }

        if (file.Length > QueryEncoderOptions.MaxGraphBytes)
        {
            throw new InvalidOperationException(
                $"Embeddings:QueryEncoder:Path is {file.Length} bytes, over the {QueryEncoderOptions.MaxGraphBytes} a tuned copy of a packaged model can be: {GraphPath}.");
        }

        return File.ReadAllBytes(GraphPath);
    }
}
