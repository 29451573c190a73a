namespace Ingestion.Gateway.Tests;

/// <summary>
/// Settings that pass each on its own but not together stop the gateway at start, naming both, instead of failing
/// every request that relies on them (a default k above the most).
/// </summary>
public sealed class GatewayOptionsValidatorTests
{
    public static TheoryData<string, GatewayOptions> Contradictions => new()
    {
        { "DefaultK", new GatewayOptions { DefaultK = 10, MaxK = 5 } },
        { "Gateway:Fusion", new GatewayOptions { Fusion = new global::Ingestion.Gateway.Search.FusionDefaults { LexicalWeight = 0, DenseWeight = 0 } } },
    };

    [Theory]
    [MemberData(nameof(Contradictions))]
    public void SettingsThatContradictEachOtherFailNamingThem(string setting, GatewayOptions options)
    {
        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsPass() => Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions()).Succeeded);
}
