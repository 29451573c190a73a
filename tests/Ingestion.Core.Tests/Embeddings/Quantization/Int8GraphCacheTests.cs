using System.Security.Cryptography;
using Ingestion.Core.Embeddings.Quantization;

namespace Ingestion.Core.Tests.Embeddings.Quantization;

public sealed class Int8GraphCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "int8-cache-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _fp32 = MatMulGraph.Build([0.5f, -1f, 0.25f, 2f], 2, 2);

    [Fact]
    public void TheGraphIsMadeOnceAndKeptWithItsHash()
    {
        var made = Int8GraphCache.Load("tiny", _fp32, _folder);

        var file = Assert.Single(Directory.GetFiles(_folder, "*.onnx"));
        Assert.Equal(made, File.ReadAllBytes(file));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(made)), File.ReadAllText(file + ".sha256"));
        Assert.Equal(Int8MatMulQuantizer.Quantize(_fp32), made);
    }

    [Fact]
    public void AKeptGraphWhoseHashMatchesIsLoadedWithoutBeingMadeAgain()
    {
        Int8GraphCache.Load("tiny", _fp32, _folder);
        var file = Directory.GetFiles(_folder, "*.onnx")[0];
        // Another graph with its own hash stands in for the kept one: what comes back shows where it came from.
        var standIn = Int8MatMulQuantizer.Quantize(MatMulGraph.Build([3f, 1f, -2f, 4f], 2, 2));
        File.WriteAllBytes(file, standIn);
        File.WriteAllText(file + ".sha256", Convert.ToHexStringLower(SHA256.HashData(standIn)));

        Assert.Equal(standIn, Int8GraphCache.Load("tiny", _fp32, _folder));
    }

    [Fact]
    public void AnAlteredKeptGraphIsNeverLoadedButMadeAgain()
    {
        var made = Int8GraphCache.Load("tiny", _fp32, _folder);
        var file = Directory.GetFiles(_folder, "*.onnx")[0];
        var altered = File.ReadAllBytes(file);
        altered[^1] ^= 0xFF;
        File.WriteAllBytes(file, altered);

        Assert.Equal(made, Int8GraphCache.Load("tiny", _fp32, _folder));
        Assert.Equal(made, File.ReadAllBytes(file));
    }

    [Fact]
    public void AnotherSourceGraphOfTheSameModelReplacesTheKeptOneAndLeavesOtherModelsAlone()
    {
        // Each tuned query encoder, package or quantiser version makes a graph of about 60 MB: the old one goes.
        Int8GraphCache.Load("tiny", _fp32, _folder);
        Int8GraphCache.Load("tiny.tuned", _fp32, _folder);
        var other = MatMulGraph.Build([3f, 1f, -2f, 4f], 2, 2);

        Assert.Equal(Int8MatMulQuantizer.Quantize(other), Int8GraphCache.Load("tiny", other, _folder));

        var kept = Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var source = Convert.ToHexStringLower(SHA256.HashData(other))[..16];
        var tuned = Convert.ToHexStringLower(SHA256.HashData(_fp32))[..16];
        Assert.Equal(
            [$"tiny.{source}.v{Int8MatMulQuantizer.Version}.onnx", $"tiny.{source}.v{Int8MatMulQuantizer.Version}.onnx.sha256",
             $"tiny.tuned.{tuned}.v{Int8MatMulQuantizer.Version}.onnx", $"tiny.tuned.{tuned}.v{Int8MatMulQuantizer.Version}.onnx.sha256"],
            kept);
    }

    [Fact]
    public void AFolderThatCannotBeWrittenOnlyMeansTheGraphIsMadeInMemory()
    {
        Directory.CreateDirectory(_folder);
        // A file where the folder should be: nothing can be written under it.
        var blocked = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocked, "a file");

        Assert.Equal(Int8MatMulQuantizer.Quantize(_fp32), Int8GraphCache.Load("tiny", _fp32, blocked));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
