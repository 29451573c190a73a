using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Ingestion.Index.Lucene.Reading;

/// <summary>Every matching document, unscored and in no order: a document's chunks, however many, without a top-n queue sized for them.</summary>
internal sealed class DocumentCollector : ICollector
{
    private int _base;

    public List<int> Documents { get; } = [];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _base = context.DocBase;
    }

    public void Collect(int doc) => Documents.Add(_base + doc);
}
