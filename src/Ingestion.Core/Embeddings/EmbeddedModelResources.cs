using System.Reflection;
using System.Runtime.Loader;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// Reads a model's graph and vocabulary out of its package's DLL, which the build copies beside ours. Only the
/// manifest resources are read: none of the package's code runs, so its own dependencies are not needed.
/// </summary>
internal static class EmbeddedModelResources
{
    public static byte[] ReadModel(SentenceEncoderModel model)
    {
        using var stream = Open(model, model.ModelResource);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static Stream OpenVocabulary(SentenceEncoderModel model) => Open(model, model.VocabularyResource);

    private static Stream Open(SentenceEncoderModel model, string resource) =>
        Assembly(model).GetManifestResourceStream(resource)
        ?? throw new InvalidDataException($"{model.AssemblyName}.dll has no resource '{resource}'; the package is not the one this build expects.");

    private static Assembly Assembly(SentenceEncoderModel model)
    {
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == model.AssemblyName);
        if (loaded is not null)
        {
            return loaded;
        }

        var path = Path.Combine(AppContext.BaseDirectory, model.AssemblyName + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The model '{model.Name}' is not beside the program: {path} is missing. It comes from the NuGet package {model.AssemblyName}, which building Ingestion.Core restores and copies; rebuild the project.",
                path);
        }

        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }
}
