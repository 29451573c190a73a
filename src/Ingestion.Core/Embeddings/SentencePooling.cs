namespace Ingestion.Core.Embeddings;

/// <summary>How a sentence encoder turns its token vectors into one sentence vector.</summary>
public enum SentencePooling
{
    /// <summary>The mean of the token vectors the attention mask admits (sentence-transformers' mean pooling).</summary>
    Mean,

    /// <summary>The vector of the leading [CLS] token.</summary>
    Cls,
}
