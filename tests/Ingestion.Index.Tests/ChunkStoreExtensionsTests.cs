using Ingestion.Core.Embeddings;
using Ingestion.Index.Elasticsearch;
using Ingestion.Index.Lucene.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Index.Tests;

/// <summary>The store is chosen by one setting, alike for the writer (indexer) and the readers (gateway).</summary>
public sealed class ChunkStoreExtensionsTests
{
    [Fact]
    public void WithoutASearchConnectionStringTheEmbeddedStoreIsUsed()
    {
        var builder = Host.CreateApplicationBuilder(["--Index:DataPath=" + Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"))]);
        builder.Services.AddSingleton(new EmbeddingModelInfo("test-model", 4));

        builder.AddChunkIndexReader("search");
        using var host = builder.Build();

        Assert.IsType<LuceneChunkIndexReader>(host.Services.GetRequiredService<IChunkIndexReader>());
    }

    [Fact]
    public void ASearchConnectionStringSelectsElasticsearchWithItsAddressAndCredentials()
    {
        var builder = Host.CreateApplicationBuilder(["--ConnectionStrings:search=https://elastic:pa%3Bss@search.example:9200", "--Elasticsearch:IndexAlias=docs"]);
        builder.Services.AddSingleton(new EmbeddingModelInfo("test-model", 4));

        builder.AddChunkIndexWriter("search");
        builder.AddChunkIndexReader("search");
        using var host = builder.Build();

        Assert.IsType<ElasticsearchChunkIndexWriter>(host.Services.GetRequiredService<IChunkIndexWriter>());
        Assert.IsType<ElasticsearchChunkIndexReader>(host.Services.GetRequiredService<IChunkIndexReader>());
        Assert.Equal("docs", host.Services.GetRequiredService<ElasticsearchIndex>().Alias);
        var settings = host.Services.GetRequiredService<Elastic.Clients.Elasticsearch.ElasticsearchClient>().ElasticsearchClientSettings;
        Assert.Equal(new Uri("https://search.example:9200/"), Assert.Single(settings.NodePool.Nodes).Uri);
        Assert.Equal("Basic " + Convert.ToBase64String("elastic:pa;ss"u8.ToArray()), Header(settings.Authentication));
    }

    [Theory]
    [InlineData("Endpoint=https://search.example:9200;ApiKey=a2V5", "https://search.example:9200/", "ApiKey a2V5")]
    [InlineData("http://127.0.0.1:9200", "http://127.0.0.1:9200/", null)]
    public void ConnectionStringsGiveTheEndpointAndAuthorization(string connectionString, string endpoint, string? authorization)
    {
        var connection = ElasticsearchConnection.Parse(connectionString);

        Assert.Equal(new Uri(endpoint), connection.Endpoint);
        Assert.Equal(authorization, Header(connection.Authentication));
    }

    [Fact]
    public void AUserAndPasswordGiveBasicAuthentication() =>
        Assert.Equal("Basic " + Convert.ToBase64String("elastic:s3cret"u8.ToArray()), Header(ElasticsearchConnection.Parse("Endpoint=https://h:9200;Username=elastic;Password=s3cret").Authentication));

    [Fact]
    public void AConnectionStringThatNamesNoClusterIsRefusedWithTheFormsItTakes()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ElasticsearchConnection.Parse("Host=search;Port=9200"));

        Assert.Contains("http://user:password@host:9200", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The Authorization header the client sends with these credentials.</summary>
    private static string? Header(Elastic.Transport.AuthorizationHeader? authentication) =>
        authentication is not null && authentication.TryGetAuthorizationParameters(out var value) ? $"{authentication.AuthScheme} {value}" : null;
}
