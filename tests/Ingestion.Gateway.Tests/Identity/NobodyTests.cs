using System.Security.Claims;
using Ingestion.Gateway.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// A principal that names no user, on a gateway with identities, is nobody: it reads no document, public ones included,
/// so an endpoint that forgot to require a scope would still show an anonymous caller nothing.
/// </summary>
public sealed class NobodyTests
{
    [Fact]
    public void AnUnauthenticatedCallerReadsNothingNotEvenPublicDocuments()
    {
        var caller = Caller.Of(new ClaimsPrincipal(new ClaimsIdentity()));

        Assert.Same(Caller.Nobody, caller);
        Assert.False(caller.MayRead([ReaderTerms.Public]));
        Assert.Empty(caller.Restrict(SearchFilter.None).Readers!);
        Assert.NotEqual(Caller.Of(Principal("alice")).AccessKey, caller.AccessKey);
    }

    [Fact]
    public void AUserReadsPublicDocumentsAndTheirOwn()
    {
        var alice = Caller.Of(Principal("alice"));

        Assert.True(alice.MayRead([ReaderTerms.Public]));
        Assert.True(alice.MayRead([ReaderTerms.User("alice")]));
        Assert.False(alice.MayRead([ReaderTerms.User("bob")]));
    }

    private static ClaimsPrincipal Principal(string user) =>
        new(CallerClaims.Identity("test", user, [Scopes.Read], []));
}
