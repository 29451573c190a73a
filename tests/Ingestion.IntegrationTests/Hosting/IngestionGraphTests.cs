using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting;
using Ingestion.Hosting.Graph;

namespace Ingestion.IntegrationTests.Hosting;

/// <summary>
/// <c>AddIngestion</c>'s fluent settings, read from the resource model it builds (nothing is started): each reaches
/// exactly the services that read it, under the names they read it by.
/// </summary>
public sealed class IngestionGraphTests
{
    [Fact]
    public async Task WorkersStoreModelAndChatModelReachTheServicesThatReadThem()
    {
        // A builder of the model alone: it is never built, so nothing starts and no orchestrator is needed.
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--AppHost:EchoResourceLogs=false", $"--AppHost:DataPath={Path.GetTempPath()}"],
            DisableDashboard = true,
        });
        var cluster = builder.AddConnectionString("my-cluster");
        var chat = builder.AddConnectionString("my-chat");

        var ingestion = builder.AddIngestion<Service.Gateway, Service.Worker, Service.Indexer>("ingestion")
            .WithWorkers(3)
            .WithElasticsearch(cluster)
            .WithEmbeddingModel("snowflake/snowflake-arctic-embed-xs")
            .WithChatModel(chat);
        var gateway = await EnvironmentOf(ingestion.Resource.Gateway);
        var worker = await EnvironmentOf(ingestion.Resource.Worker);
        var indexer = await EnvironmentOf(ingestion.Resource.Indexer);

        Assert.Equal(3, ingestion.Resource.Worker.Resource.Annotations.OfType<ReplicaAnnotation>().Last().Replicas);
        Assert.Equal("{my-cluster.connectionString}", gateway["ConnectionStrings__search"]);
        Assert.Equal("{my-cluster.connectionString}", indexer["ConnectionStrings__search"]);
        Assert.False(worker.ContainsKey("ConnectionStrings__search"), "workers never touch the store");
        Assert.All(new[] { gateway, worker, indexer }, environment => Assert.Equal("snowflake/snowflake-arctic-embed-xs", environment["Embeddings__Model"]));
        Assert.Equal("{my-chat.connectionString}", gateway["ConnectionStrings__chat"]);
        Assert.False(worker.ContainsKey("ConnectionStrings__chat"));
        Assert.Equal("{gateway.bindings.http.url}", ingestion.Resource.ConnectionStringExpression.ValueExpression);
        Assert.Throws<HostingException>(() => ingestion.WithWorkers(0));
    }

    [Fact]
    public async Task TheGatewaysKeysReachItAsHashesAndItsSigningKeyAsASecretParameterNeverInTheClear()
    {
        // A service's environment is shown by the dashboard and written into a published manifest as it is.
        const string ApiKey = "api-key-secret-0123456789";
        const string AdminKey = "admin-key-secret-0123456789";
        const string NamedKey = "named-key-secret-0123456789";
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args =
            [
                "--AppHost:EchoResourceLogs=false", $"--AppHost:DataPath={Path.GetTempPath()}",
                $"--Gateway:ApiKey={ApiKey}", $"--Gateway:AdminApiKey={AdminKey}",
                "--Gateway:Keys:0:Name=ops", $"--Gateway:Keys:0:Key={NamedKey}", "--Gateway:Keys:0:Scopes:0=read",
                $"--Gateway:Tokens:SigningKey={signingKey}", "--Gateway:Tokens:Issuer=tests", "--Gateway:MaxK=500",
            ],
            DisableDashboard = true,
        });

        var ingestion = builder.AddIngestion<Service.Gateway, Service.Worker, Service.Indexer>("ingestion");
        var gateway = await EnvironmentOf(ingestion.Resource.Gateway);

        Assert.All(new[] { ApiKey, AdminKey, NamedKey, signingKey }, secret => Assert.DoesNotContain(gateway, variable => variable.Value.Contains(secret, StringComparison.Ordinal)));
        Assert.Equal(HashOf(NamedKey), gateway["Gateway__Keys__0__KeyHash"]);
        Assert.Equal(("ops", "read"), (gateway["Gateway__Keys__0__Name"], gateway["Gateway__Keys__0__Scopes__0"]));
        Assert.Contains(gateway, variable => variable.Key.EndsWith("__KeyHash", StringComparison.Ordinal) && variable.Value == HashOf(ApiKey));
        Assert.Contains(gateway, variable => variable.Key.EndsWith("__KeyHash", StringComparison.Ordinal) && variable.Value == HashOf(AdminKey));
        Assert.Equal("{gateway-token-signing-key.value}", gateway["Gateway__Tokens__SigningKey"]);
        Assert.Equal(("tests", "500"), (gateway["Gateway__Tokens__Issuer"], gateway["Gateway__MaxK"]));
    }

    [Theory]
    [InlineData("--Gateway:ApiKey=short")]
    [InlineData("--Gateway:AdminApiKey=short")]
    [InlineData("--Gateway:Keys:0:Key=short")]
    public void AKeyShorterThanTheGatewayAcceptsIsRefusedThoughItWouldReachItOnlyAsAHash(string setting)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--AppHost:EchoResourceLogs=false", $"--AppHost:DataPath={Path.GetTempPath()}", setting, "--Gateway:Keys:0:Name=ops", "--Gateway:Keys:0:Scopes:0=read"],
            DisableDashboard = true,
        });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddIngestion<Service.Gateway, Service.Worker, Service.Indexer>("ingestion"));

        Assert.Contains("at least 16 characters", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASourceRootAndAJudgmentStoreReachEveryServiceAsOnePathResolvedAgainstTheAppHost()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--AppHost:EchoResourceLogs=false", $"--AppHost:DataPath={Path.GetTempPath()}", "--Sources:FileRoot=shared-docs", "--Gateway:Judgments:Path=judgments.db"],
            DisableDashboard = true,
        });

        var ingestion = builder.AddIngestion<Service.Gateway, Service.Worker, Service.Indexer>("ingestion");
        var gateway = await EnvironmentOf(ingestion.Resource.Gateway);
        var worker = await EnvironmentOf(ingestion.Resource.Worker);
        var indexer = await EnvironmentOf(ingestion.Resource.Indexer);

        // Each service runs in its own project's folder: the gateway accepts a file:// document the worker must find.
        var root = Path.GetFullPath("shared-docs", builder.AppHostDirectory);
        Assert.Equal((root, root), (gateway["Sources__FileRoot"], worker["Sources__FileRoot"]));
        var store = Path.GetFullPath("judgments.db", builder.AppHostDirectory);
        Assert.Equal((store, store), (gateway["Gateway__Judgments__Path"], indexer["Gateway__Judgments__Path"]));
    }

    [Fact]
    public async Task ATunedQueryEncoderReachesTheServicesThatEmbedQueriesAsOnePathResolvedAgainstTheAppHost()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args =
            [
                "--AppHost:EchoResourceLogs=false", $"--AppHost:DataPath={Path.GetTempPath()}",
                "--Embeddings:QueryEncoder:Path=tuned/ours.onnx", "--Embeddings:QueryEncoder:ForModel=all-MiniLM-L6-v2-int8",
            ],
            DisableDashboard = true,
        });
        var expected = Path.GetFullPath("tuned/ours.onnx", builder.AppHostDirectory);

        var ingestion = builder.AddIngestion<Service.Gateway, Service.Worker, Service.Indexer>("ingestion");
        var gateway = await EnvironmentOf(ingestion.Resource.Gateway);
        var indexer = await EnvironmentOf(ingestion.Resource.Indexer);

        // The gateway embeds queries, the indexer's switch gate too: both read the same file, wherever they run from.
        Assert.Equal(expected, gateway["Embeddings__QueryEncoder__Path"]);
        Assert.Equal(expected, indexer["Embeddings__QueryEncoder__Path"]);
        Assert.Equal("all-MiniLM-L6-v2-int8", gateway["Embeddings__QueryEncoder__ForModel"]);
    }

    private static string HashOf(string key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    /// <summary>The environment a service is given, as the manifest writes it (references as expressions: nothing is allocated here).</summary>
    private static async Task<Dictionary<string, string>> EnvironmentOf(IResourceBuilder<ProjectResource> service)
    {
#pragma warning disable CS0618 // its successor (ExecutionConfigurationBuilder) wants a built application; this reads the model alone
        return await service.Resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618
    }

    /// <summary>The three services as an AppHost's generated <c>Projects.*</c> types name them.</summary>
    private static class Service
    {
        public sealed class Gateway : IProjectMetadata
        {
            public string ProjectPath => PathOf("Ingestion.Gateway");
        }

        public sealed class Worker : IProjectMetadata
        {
            public string ProjectPath => PathOf("Ingestion.Worker");
        }

        public sealed class Indexer : IProjectMetadata
        {
            public string ProjectPath => PathOf("Ingestion.Indexer");
        }

        private static string PathOf(string project)
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Ingestion.sln")))
            {
                folder = folder.Parent;
            }

            return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("No Ingestion.sln above the tests."), "src", project, $"{project}.csproj");
        }
    }
}
