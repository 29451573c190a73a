namespace Ingestion.Core.Status;

/// <summary>What happened to a change's claim on a version of its document.</summary>
public enum VersionClaimOutcome
{
    /// <summary>The version is newer than every earlier one: the change may go ahead under it.</summary>
    Claimed,

    /// <summary>The same change under the same version again (a client's retry): harmless to send again.</summary>
    Repeated,

    /// <summary>The version is older than the newest, or equal to it with other content: nothing will happen.</summary>
    Conflict,
}

/// <summary>The outcome and the version: the claimed one, or for a conflict the document's current version.</summary>
public sealed record VersionClaim(VersionClaimOutcome Outcome, long Version);
