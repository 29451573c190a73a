namespace Ingestion.Hosting;

/// <summary>The resource graph cannot be run as configured (a server is not installed, a setting is out of range); the message says what to do.</summary>
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
