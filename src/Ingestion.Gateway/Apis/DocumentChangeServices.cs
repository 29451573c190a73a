using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Sources;
using Ingestion.Core.Status;
using Ingestion.Gateway.Identity;
using Ingestion.Index;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>What accepting a document change needs: its checks, the version the index holds, the broker and the status store.</summary>
public sealed record DocumentChangeServices(
    IPublishEndpoint Publisher,
    IDocumentStatusStore Status,
    IChunkIndexReader Index,
    TextExtractorRegistry Extractors,
    SourcePolicy Sources,
    TimeProvider Clock,
    LinkGenerator Links,
    IOptions<GatewayOptions> Options,
    GatewayIdentity Identity,
    HttpContext Http);
