using System.Numerics.Tensors;
using Ingestion.Core.Embeddings.Quantization;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// A packaged sentence encoder run by ONNX Runtime on the CPU, behind <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.
/// Texts are tokenized with the model's own WordPiece tokenizer, sorted by length and encoded in batches padded to
/// their longest member (so padding stays small), pooled as the model was trained (mean over the attention mask, or
/// [CLS]) and L2-normalised. A text longer than the model reads is encoded window by window and the window vectors
/// averaged, so nothing is cut off silently. One instance (one ONNX session) serves a whole process; batches run one
/// at a time, each on every intra-op thread, which is faster on few cores than batches competing for them.
/// </summary>
public sealed class OnnxSentenceEncoder : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";
    private const string LastHiddenState = "last_hidden_state";

    private readonly InferenceSession _session;
    private readonly int _batchSize;
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);
    private readonly EmbeddingGeneratorMetadata _metadata;

    private OnnxSentenceEncoder(SentenceEncoderModel model, SentenceTokenizer tokenizer, InferenceSession session, int batchSize)
    {
        Model = model;
        Tokenizer = tokenizer;
        _session = session;
        _batchSize = batchSize;
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", providerUri: null, model.ModelId, model.Dimension);
    }

    public SentenceEncoderModel Model { get; }

    public SentenceTokenizer Tokenizer { get; }

    /// <summary>Creates the ONNX session from the graph inside the model's package DLL.</summary>
    /// <param name="model">Which model.</param>
    /// <param name="intraOpThreads">Threads one batch runs on.</param>
    /// <param name="batchSize">Texts (or windows of long texts) encoded in one run.</param>
    /// <param name="allowSpinning">
    /// Whether the session's threads spin between operators waiting for work (ONNX Runtime's default): a little faster
    /// for back-to-back batches, CPU taken from whatever else runs for a short query.
    /// </param>
    /// <param name="graphCache">Where an int8 model's graph is kept once made (<see cref="EmbeddingOptions.ModelCache"/>); null makes it in memory.</param>
    /// <param name="tunedGraph">
    /// An fp32 graph tuned from the packaged one (a query encoder, <see cref="TunedQueryEncoder"/>), run in its place
    /// with the model's vocabulary and pooling, and quantised as the model is; null runs the packaged graph.
    /// </param>
    public static OnnxSentenceEncoder Load(SentenceEncoderModel model, int intraOpThreads, int batchSize, bool allowSpinning = true, string? graphCache = null, byte[]? tunedGraph = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var tokenizer = SentenceTokenizer.For(model);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
        var graph = tunedGraph ?? EmbeddedModelResources.ReadModel(model);
        if (model.Weights is EncoderWeights.Int8Quantized)
        {
            // The cached file's name carries the fp32 graph's hash, so a tuned graph never takes the packaged one's.
            graph = Int8GraphCache.Load(tunedGraph is null ? model.Name : model.Name + ".tuned", graph, graphCache);
        }

        var session = new InferenceSession(graph, options);
        return new OnnxSentenceEncoder(model, tokenizer, session, batchSize);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var windows = new List<Window>();
        for (var text = 0; text < texts.Count; text++)
        {
            // A text with no word pieces (only characters BERT drops) is [CLS] [SEP], as sentence-transformers encodes it.
            var ids = Tokenizer.Encode(texts[text]);
            var perWindow = Model.MaxTokens - 2;
            var start = 0;
            do
            {
                windows.Add(new Window(text, ids, start, Math.Min(perWindow, ids.Count - start)));
                start += perWindow;
            }
            while (start < ids.Count);
        }

        var vectors = new float[texts.Count][];
        foreach (var batch in windows.OrderBy(w => w.Length).Chunk(_batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pooled = await RunAsync(batch, cancellationToken);
            for (var i = 0; i < batch.Length; i++)
            {
                var text = batch[i].Text;
                vectors[text] ??= new float[Model.Dimension];
                TensorPrimitives.Add(vectors[text], pooled.AsSpan(i * Model.Dimension, Model.Dimension), vectors[text]);
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        foreach (var vector in vectors)
        {
            // One window is normalised here; several are averaged, and the mean's direction normalised.
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            result.Add(new Embedding<float>(vector) { ModelId = Model.ModelId });
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        _session.Dispose();
        _oneRunAtATime.Dispose();
    }

    /// <summary>One padded batch through the graph; returns each window's pooled, normalised vector, row by row.</summary>
    private async Task<float[]> RunAsync(Window[] batch, CancellationToken cancellationToken)
    {
        var rows = batch.Length;
        var length = batch.Max(w => w.Length) + 2;
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        var types = new long[rows * length];
        for (var row = 0; row < rows; row++)
        {
            var window = batch[row];
            var offset = row * length;
            ids[offset] = Tokenizer.ClassificationTokenId;
            for (var i = 0; i < window.Length; i++)
            {
                ids[offset + 1 + i] = window.Ids[window.Start + i];
            }

            ids[offset + window.Length + 1] = Tokenizer.SeparatorTokenId;
            for (var i = window.Length + 2; i < length; i++)
            {
                ids[offset + i] = Tokenizer.PaddingTokenId;
            }

            Array.Fill(mask, 1, offset, window.Length + 2);
        }

        long[] shape = [rows, length];
        var pooled = new float[rows * Model.Dimension];
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, [InputIds, AttentionMask, TokenTypeIds], [idsValue, maskValue, typesValue], [LastHiddenState]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            for (var row = 0; row < rows; row++)
            {
                Pool(hidden.Slice(row * length * Model.Dimension, length * Model.Dimension), batch[row].Length + 2, pooled.AsSpan(row * Model.Dimension, Model.Dimension));
            }
        }
        finally
        {
            _oneRunAtATime.Release();
        }

        return pooled;
    }

    /// <summary>Pools one sequence's token vectors (its first <paramref name="tokens"/> are real, the rest padding) into <paramref name="vector"/>, normalised.</summary>
    private void Pool(ReadOnlySpan<float> sequence, int tokens, Span<float> vector)
    {
        var dimension = Model.Dimension;
        if (Model.Pooling is SentencePooling.Cls)
        {
            sequence[..dimension].CopyTo(vector);
        }
        else
        {
            for (var token = 0; token < tokens; token++)
            {
                TensorPrimitives.Add(vector, sequence.Slice(token * dimension, dimension), vector);
            }

            TensorPrimitives.Divide(vector, tokens, vector);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
    }

    /// <summary>A text's word pieces from <see cref="Start"/>, at most what the model reads without [CLS] and [SEP].</summary>
    private readonly record struct Window(int Text, IReadOnlyList<int> Ids, int Start, int Length);
}
