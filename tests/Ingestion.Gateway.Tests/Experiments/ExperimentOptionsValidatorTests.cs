using Ingestion.Gateway.Experiments;

namespace Ingestion.Gateway.Tests.Experiments;

/// <summary>An experiment's settings are checked at start, as a request's are: none may reach fusion out of range or NaN.</summary>
public sealed class ExperimentOptionsValidatorTests
{
    public static TheoryData<string, Experiment> BadExperiments => new()
    {
        { "Name", new Experiment { Name = "no spaces" } },
        { "Share", new Experiment { Name = "e", Share = 1.5 } },
        { "Share", new Experiment { Name = "e", Share = double.NaN } },
        { "B", new Experiment { Name = "e", B = new ExperimentArm { Window = 0 } } },
        { "B", new Experiment { Name = "e", B = new ExperimentArm { LexicalWeight = -1 } } },
        { "B", new Experiment { Name = "e", B = new ExperimentArm { LexicalWeight = double.NaN } } },
        { "B", new Experiment { Name = "e", B = new ExperimentArm { DenseWeight = double.NaN } } },
        { "B", new Experiment { Name = "e", B = new ExperimentArm { DenseWeight = double.PositiveInfinity } } },
        { "B", new Experiment { Name = "e", B = new ExperimentArm { LexicalWeight = 0, DenseWeight = 0 } } },
    };

    [Theory]
    [MemberData(nameof(BadExperiments))]
    public void ABadSettingFailsNamingIt(string setting, Experiment experiment)
    {
        var result = new ExperimentOptionsValidator().Validate(null, new ExperimentOptions { Active = [experiment] });

        Assert.True(result.Failed);
        Assert.Contains($"Gateway:Experiments:Active:0:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsAtTheirLimitsPass()
    {
        var experiment = new Experiment { Name = "e", Share = 1, B = new ExperimentArm { Window = 1000, RrfK = 1, LexicalWeight = 0, DenseWeight = 100 } };

        Assert.True(new ExperimentOptionsValidator().Validate(null, new ExperimentOptions { Active = [experiment] }).Succeeded);
    }
}
