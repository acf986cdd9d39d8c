namespace OpenClue.Modeling.Features;

/// <summary>
/// Binary feature-set file (all integers little-endian):
/// <code>
/// header : "OCFS" (4 bytes) | version u16 = 1 | reserved u16 = 0
///          | model-name byte length i32 | model name UTF-8 | dimension i32
/// record : tag u8 = 0x01 | user-id byte length i32 | user id UTF-8 | token count i32 | dimension × float32
/// footer : tag u8 = 0x00 | user count i64 | token count i64 (sum over records) | "OCFE" (4 bytes)
/// </code>
/// The footer is written only by <see cref="FeatureSetWriter.Complete"/>; a file that ends early or whose footer counts
/// disagree with its records is rejected by <see cref="FeatureSetReader"/> (InvalidDataException).
/// </summary>
internal static class FeatureSetFormat
{
    public static ReadOnlySpan<byte> HeaderMagic => "OCFS"u8;
    public static ReadOnlySpan<byte> FooterMagic => "OCFE"u8;
    public const ushort Version = 1;
    public const byte RecordTag = 0x01;
    public const byte FooterTag = 0x00;
    public const int MaxNameBytes = 64 * 1024;
    public const int MaxDimension = 1 << 20;
}
