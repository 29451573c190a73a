using Ingestion.Gateway.Identity;

namespace Ingestion.Gateway.Judgments;

/// <summary>Who a caller is as a judge: its user, so each caller's later judgment replaces only its own.</summary>
public static class CallerJudge
{
    public static string Of(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.UserId is { } user ? "user:" + user : caller.Unrestricted ? "single-user" : "caller:" + caller.AccessKey;
    }
}
