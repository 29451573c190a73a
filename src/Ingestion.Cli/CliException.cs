namespace Ingestion.Cli;

/// <summary>A failure the user can act on: printed as one line, and the command exits with a non-zero code.</summary>
internal class CliException(string message) : Exception(message);

/// <summary>The gateway cannot be reached at all: no use going on with other documents.</summary>
internal sealed class GatewayUnreachableException(string message) : CliException(message);

/// <summary>The gateway refused this one request as bad input (400): other requests may still succeed.</summary>
internal sealed class GatewayRefusedException(string message) : CliException(message);
