using Ingestion.Core.Status;
using Ingestion.Index;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>What answering a status needs: Redis's statuses, and the index to tell what is searchable or was lost.</summary>
public sealed record DocumentStatusServices(IDocumentStatusStore Status, IChunkIndexReader Index, IOptions<GatewayOptions> Options);
