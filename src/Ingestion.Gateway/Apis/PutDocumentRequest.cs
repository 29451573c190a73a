namespace Ingestion.Gateway.Apis;

/// <summary>The body of <c>PUT /api/documents/{id}</c>. Without a version the gateway assigns one newer than any before.</summary>
public sealed record PutDocumentRequest(string? Title, string? ContentType, string? Content, IReadOnlyList<string>? Tags, long? Version);
