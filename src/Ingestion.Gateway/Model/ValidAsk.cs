using Ingestion.Gateway.Search;
using Ingestion.Index;

namespace Ingestion.Gateway.Model;

/// <summary>An ask whose fields passed validation.</summary>
public sealed record ValidAsk(string Question, int BudgetTokens, int Candidates, SearchMode Mode, SearchFilter Filter, bool Answer);
