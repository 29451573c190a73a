using System.Text;
using System.Text.Json;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// The SentencePiece-unigram tokenizer of Universal Sentence Encoder Lite, reproducing the
/// TF.js reference segmentation exactly (including its tie-breaking), so that our vectors match
/// the model's published behaviour.
/// </summary>
public sealed class SentencePieceTokenizer
{
    /// <summary>Id of the unknown piece; ids below <see cref="ReservedSymbolCount"/> are never matched.</summary>
    public const int UnknownId = 0;
    public const int ReservedSymbolCount = 6;
    private const char WordSeparator = '\u2581';

    private readonly string[] _pieces;
    private readonly TrieNode _root = new();

    private SentencePieceTokenizer(string[] pieces, double[] scores)
    {
        _pieces = pieces;
        for (var id = ReservedSymbolCount; id < pieces.Length; id++)
        {
            Insert(pieces[id], scores[id], id);
        }
    }

    public int VocabularySize => _pieces.Length;

    /// <summary>Loads the vocabulary: a JSON list of <c>[piece, score]</c> pairs (null scores count as 0).</summary>
    public static SentencePieceTokenizer Load(string vocabularyPath)
    {
        using var stream = File.OpenRead(vocabularyPath);
        using var document = JsonDocument.Parse(stream);
        var entries = document.RootElement;
        var pieces = new string[entries.GetArrayLength()];
        var scores = new double[pieces.Length];
        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            pieces[index] = entry[0].GetString() ?? string.Empty;
            scores[index] = entry[1].ValueKind == JsonValueKind.Number ? entry[1].GetDouble() : 0d;
            index++;
        }

        return new SentencePieceTokenizer(pieces, scores);
    }

    /// <summary>Returns the token ids of <paramref name="text"/>; an empty text has none.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var symbols = ToSymbols(Preprocess(text));
        var n = symbols.Length;
        var best = new double[n + 1];
        var words = new int[n + 1];

        // Viterbi over the lattice. For each end position the candidates are visited by ascending
        // start position, and a later candidate wins a tie (">="): the reference does the same.
        // A score of exactly 0 means "not reached yet", as in the reference.
        var candidates = new List<(int Start, double Score, int Id)>[n + 1];
        for (var start = 0; start < n; start++)
        {
            var node = _root;
            var matched = false;
            for (var end = start; end < n; end++)
            {
                if (!node.Children.TryGetValue(symbols[end], out var child))
                {
                    break;
                }

                node = child;
                if (node.Id >= 0)
                {
                    (candidates[end + 1] ??= []).Add((start, node.Score, node.Id));
                    matched = true;
                }
            }

            if (!matched)
            {
                (candidates[start + 1] ??= []).Add((start, 0d, UnknownId));
            }
        }

        for (var end = 1; end <= n; end++)
        {
            var list = candidates[end];
            if (list is null)
            {
                continue;
            }

            list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            foreach (var (start, score, id) in list)
            {
                var total = score + best[start];
                if (best[end] == 0d || total >= best[end])
                {
                    best[end] = total;
                    words[end] = id;
                }
            }
        }

        var reversed = new List<int>();
        for (var position = n; position > 0; position -= Math.Max(1, _pieces[words[position]].Length))
        {
            reversed.Add(words[position]);
        }

        // Runs of unknown pieces collapse into one unknown token.
        var ids = new List<int>(reversed.Count);
        var previousWasUnknown = false;
        for (var i = reversed.Count - 1; i >= 0; i--)
        {
            var id = reversed[i];
            if (!(previousWasUnknown && id == UnknownId))
            {
                ids.Add(id);
            }

            previousWasUnknown = id == UnknownId;
        }

        return [.. ids];
    }

    private static string Preprocess(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC);
        return normalized.Length == 0 ? normalized : WordSeparator + normalized.Replace(' ', WordSeparator);
    }

    private static int[] ToSymbols(string text)
    {
        var symbols = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            symbols.Add(rune.Value);
        }

        return [.. symbols];
    }

    private void Insert(string piece, double score, int id)
    {
        var node = _root;
        foreach (var rune in piece.EnumerateRunes())
        {
            if (!node.Children.TryGetValue(rune.Value, out var child))
            {
                child = new TrieNode();
                node.Children[rune.Value] = child;
            }

            node = child;
        }

        node.Id = id;
        node.Score = score;
    }

    private sealed class TrieNode
    {
        public Dictionary<int, TrieNode> Children { get; } = [];

        public int Id { get; set; } = -1;

        public double Score { get; set; }
    }
}
