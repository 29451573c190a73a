namespace Ingestion.Hosting.Resources;

/// <summary>The AppHost cannot start the system; the message says why and what to do.</summary>
public sealed class HostingException : Exception
{
    public HostingException()
    {
    }

    public HostingException(string message)
        : base(message)
    {
    }

    public HostingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
