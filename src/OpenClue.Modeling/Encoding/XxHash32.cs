using System.Buffers.Binary;
using System.Numerics;

namespace OpenClue.Modeling.Encoding;

/// <summary>
/// xxHash32 (Yann Collet's specification). A fixed, platform-independent hash: feature vectors must be identical
/// across processes and machines, which <see cref="string.GetHashCode()"/> (randomised per process) is not.
/// </summary>
internal static class XxHash32
{
    private const uint Prime1 = 2654435761U, Prime2 = 2246822519U, Prime3 = 3266489917U, Prime4 = 668265263U, Prime5 = 374761393U;

    public static uint Hash(ReadOnlySpan<byte> data, uint seed)
    {
        int length = data.Length;
        uint h;
        if (length >= 16)
        {
            uint v1 = seed + Prime1 + Prime2, v2 = seed + Prime2, v3 = seed, v4 = seed - Prime1;
            while (data.Length >= 16)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt32LittleEndian(data));
                v2 = Round(v2, BinaryPrimitives.ReadUInt32LittleEndian(data[4..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt32LittleEndian(data[8..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt32LittleEndian(data[12..]));
                data = data[16..];
            }
            h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
        }
        else
        {
            h = seed + Prime5;
        }
        h += (uint)length;
        while (data.Length >= 4)
        {
            h = BitOperations.RotateLeft(h + BinaryPrimitives.ReadUInt32LittleEndian(data) * Prime3, 17) * Prime4;
            data = data[4..];
        }
        foreach (byte b in data) h = BitOperations.RotateLeft(h + b * Prime5, 11) * Prime1;
        return Avalanche(h);
    }

    /// <summary>
    /// <see cref="Hash"/> of the UTF-8 bytes of <paramref name="text"/>, which must be all ASCII (then each char is its
    /// own byte): hashes tokens straight from the chars without transcoding them.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static uint HashAscii(ReadOnlySpan<char> text, uint seed)
    {
        int length = text.Length;
        uint h;
        if (length >= 16)
        {
            uint v1 = seed + Prime1 + Prime2, v2 = seed + Prime2, v3 = seed, v4 = seed - Prime1;
            while (text.Length >= 16)
            {
                v1 = Round(v1, Lane(text));
                v2 = Round(v2, Lane(text[4..]));
                v3 = Round(v3, Lane(text[8..]));
                v4 = Round(v4, Lane(text[12..]));
                text = text[16..];
            }
            h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
        }
        else
        {
            h = seed + Prime5;
        }
        h += (uint)length;
        while (text.Length >= 4)
        {
            h = BitOperations.RotateLeft(h + Lane(text) * Prime3, 17) * Prime4;
            text = text[4..];
        }
        foreach (char c in text) h = BitOperations.RotateLeft(h + (byte)c * Prime5, 11) * Prime1;
        return Avalanche(h);
    }

    /// <summary>Four ASCII chars as the little-endian uint of their bytes.</summary>
    private static uint Lane(ReadOnlySpan<char> text) => (uint)(text[0] | text[1] << 8 | text[2] << 16 | text[3] << 24);

    /// <summary>Re-hashes an existing hash under a salt (cheap way to derive an independent feature).</summary>
    public static uint Remix(uint hash, uint salt) => Avalanche(hash ^ (salt * Prime1) ^ Prime3);

    private static uint Round(uint acc, uint lane) => BitOperations.RotateLeft(acc + lane * Prime2, 13) * Prime1;

    private static uint Avalanche(uint h)
    {
        h ^= h >> 15;
        h *= Prime2;
        h ^= h >> 13;
        h *= Prime3;
        h ^= h >> 16;
        return h;
    }
}
