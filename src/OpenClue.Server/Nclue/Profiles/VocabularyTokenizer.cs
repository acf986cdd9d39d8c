using BERTTokenizers.Base;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>An uncased WordPiece tokenizer over any <c>vocab.txt</c> (for an encoder other than the package's).</summary>
public sealed class VocabularyTokenizer(Stream vocabulary) : UncasedTokenizer(vocabulary);
