using System.Runtime.CompilerServices;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Encoding;

/// <summary>
/// The fixed hashes every encoder agrees on (xxHash32 over UTF-8 with per-kind seeds), with reusable buffers.
/// One instance per thread.
/// </summary>
internal sealed class BehaviorHasher
{
    public const uint TokenSeed = 0x6F630001, BehaviorSeed = 0x6F630002;

    private byte[] _utf8 = new byte[1024];
    private char[] _chars = new char[256];
    private char[]? _normalized; // pooled, kept for the life of the hasher

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public uint Hash(ReadOnlySpan<char> text, uint seed)
    {
        if (System.Text.Ascii.IsValid(text)) return XxHash32.HashAscii(text, seed); // most tokens: no transcoding
        int max = text.Length * 3; // UTF-16 → UTF-8: at most 3 bytes per char
        if (_utf8.Length < max) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        int n = System.Text.Encoding.UTF8.GetBytes(text, _utf8);
        return XxHash32.Hash(_utf8.AsSpan(0, n), seed);
    }

    public uint HashToken(ReadOnlySpan<char> token) => Hash(token, TokenSeed);

    /// <summary>Hash of the behaviour normalised as NFKC, lower-case, trimmed, inner whitespace runs → one space.</summary>
    public bool TryHashWhole(ReadOnlySpan<char> behavior, out uint hash) =>
        TryHashWholeNormalized(TextNormalizer.ToLowerNfkc(behavior, ref _normalized, out bool isAscii), isAscii, out hash);

    /// <summary><see cref="TryHashWhole"/> for text already through <see cref="TextNormalizer.ToLowerNfkc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryHashWholeNormalized(ReadOnlySpan<char> lower, bool isAscii, out uint hash)
    {
        if (_chars.Length < lower.Length) _chars = new char[Math.Max(lower.Length, _chars.Length * 2)];
        int length = 0;
        bool pendingSpace = false;
        foreach (char c in lower)
        {
            if (IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }
            if (pendingSpace) _chars[length++] = ' ';
            pendingSpace = false;
            _chars[length++] = c;
        }
        hash = length == 0 ? 0 : isAscii ? XxHash32.HashAscii(_chars.AsSpan(0, length), BehaviorSeed) : Hash(_chars.AsSpan(0, length), BehaviorSeed);
        return length > 0;
    }

    /// <summary><see cref="char.IsWhiteSpace(char)"/> with the ASCII answer inline (tab … carriage return, space).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsWhiteSpace(char c) =>
        c < 0x80 ? c == ' ' || (uint)(c - '\t') <= '\r' - '\t' : char.IsWhiteSpace(c);
}
