using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace OpenClue.Modeling.Data;

/// <summary>
/// Streams the lines of one dataset file: transparent gzip (magic 1F 8B), UTF-8 with the BOM ignored, lines ended by
/// <c>\n</c> or <c>\r\n</c>. Only the current line is held in memory (pooled buffers), and never more than
/// <see cref="DatasetLimits.MaxLineChars"/> of it; gzip output is bounded by size and ratio (<see cref="DatasetLimits"/>).
/// In strict mode invalid UTF-8 and NUL characters throw <see cref="DatasetException"/> (UNEXPECTED_FILE_TYPE), NUL
/// checked per decoded chunk so a line of zeros is refused at its first chunk; otherwise invalid bytes become U+FFFD.
/// </summary>
internal sealed class DatasetLineReader : IDisposable
{
    private const int ByteBufferSize = 64 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private readonly PrefixedStream? _gzipSource; // set for gzip files: its tail is the trailer we verify
    private Crc32 _gzipCrc = new();
    private long _gzipLength;
    private readonly Decoder _decoder;
    private readonly bool _strict;
    private readonly DatasetLimits _limits;
    private byte[] _bytes;
    private int _pendingBytes; // sniffed bytes of a plain (non-gzip) file still to decode
    private char[] _chars;
    private int _charPos, _charLen;
    private char[] _spill;     // accumulates a line that spans decoded chunks
    private int _spillLen;
    private bool _eof;
    private bool _seenRecordOrHeader;
    private bool _disposed;

    private char[] _current;
    private int _currentStart, _currentLength;

    private DatasetLineReader(Stream stream, string? sourceName, bool strict, DatasetLimits limits, byte[] bytes, int pendingBytes,
        PrefixedStream? gzipSource = null)
    {
        _limits = limits;
        _stream = stream;
        _gzipSource = gzipSource;
        SourceName = sourceName;
        _strict = strict;
        _decoder = (strict ? StrictUtf8 : LenientUtf8).GetDecoder();
        _bytes = bytes;
        _pendingBytes = pendingBytes;
        _chars = ArrayPool<char>.Shared.Rent(ByteBufferSize + 8);
        _spill = ArrayPool<char>.Shared.Rent(256);
        _current = _chars;
    }

    public string? SourceName { get; }

    /// <summary>1-based number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The line last returned, without its terminator (and without a leading BOM on line 1).</summary>
    public ReadOnlySpan<char> CurrentLine => new(_current, _currentStart, _currentLength);

    public static DatasetLineReader Open(DatasetPart part, bool strict, DatasetLimits limits)
    {
        Stream raw = part.Open() ?? throw new InvalidOperationException($"DatasetPart '{part.Name}' opened a null stream.");
        return Open(raw, part.Name, strict, leaveOpen: false, limits);
    }

    public static DatasetLineReader Open(Stream raw, string? sourceName, bool strict, bool leaveOpen, DatasetLimits limits)
    {
        byte[] bytes = ArrayPool<byte>.Shared.Rent(ByteBufferSize);
        try
        {
            // Sniff the first two bytes: gzip magic 1F 8B means decompress transparently.
            int sniffed = 0;
            while (sniffed < 2)
            {
                int n = raw.Read(bytes, sniffed, 2 - sniffed);
                if (n == 0) break;
                sniffed += n;
            }
            if (sniffed == 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
            {
                var prefix = new byte[] { 0x1F, 0x8B };
                var source = new PrefixedStream(prefix, 2, raw, leaveOpen);
                var gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: false);
                return new DatasetLineReader(gzip, sourceName, strict, limits, bytes, 0, source);
            }
            Stream plain = leaveOpen ? new PrefixedStream([], 0, raw, leaveOpen: true) : raw;
            return new DatasetLineReader(plain, sourceName, strict, limits, bytes, sniffed);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(bytes);
            if (!leaveOpen) raw.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Next line that is a record: skips whitespace-only lines and, when it is the first non-blank line of the file,
    /// a header whose first (tab-separated) field is <c>user_id</c> (trimmed, case-insensitive).
    /// </summary>
    public bool ReadRecordLine()
    {
        while (ReadLine())
        {
            ReadOnlySpan<char> line = CurrentLine;
            if (line.IsWhiteSpace()) continue;
            if (!_seenRecordOrHeader)
            {
                _seenRecordOrHeader = true;
                int tab = line.IndexOf('\t');
                ReadOnlySpan<char> first = (tab >= 0 ? line[..tab] : line).Trim();
                if (first.Equals("user_id", StringComparison.OrdinalIgnoreCase)) continue;
            }
            return true;
        }
        return false;
    }

    public bool ReadLine()
    {
        if (ReferenceEquals(_current, _spill)) _spillLen = 0; // the previous line lived in the spill buffer
        while (true)
        {
            if (_charPos < _charLen)
            {
                ReadOnlySpan<char> available = _chars.AsSpan(_charPos, _charLen - _charPos);
                int newline = available.IndexOf('\n');
                if (newline >= 0)
                {
                    if (_spillLen == 0) SetCurrent(_chars, _charPos, newline);
                    else
                    {
                        AppendToSpill(available[..newline]);
                        SetCurrent(_spill, 0, _spillLen);
                    }
                    _charPos += newline + 1;
                    return CompleteLine();
                }
                AppendToSpill(available);
                _charPos = _charLen;
            }
            if (_eof)
            {
                if (_spillLen == 0) return false;
                SetCurrent(_spill, 0, _spillLen);
                return CompleteLine();
            }
            Fill();
        }
    }

    private void SetCurrent(char[] array, int start, int length)
    {
        _current = array;
        _currentStart = start;
        _currentLength = length;
    }

    private bool CompleteLine()
    {
        LineNumber++;
        if (_currentLength > 0 && _current[_currentStart + _currentLength - 1] == '\r') _currentLength--;
        if (LineNumber == 1 && _currentLength > 0 && _current[_currentStart] == '\uFEFF')
        {
            _currentStart++;
            _currentLength--;
        }
        if (_currentLength > _limits.MaxLineChars) throw LineTooLong(LineNumber);
        return true;
    }

    private DatasetException LineTooLong(long line) => new(FailMessages.UnexpectedTxtFormat, SourceName, line,
        $"line longer than {_limits.MaxLineChars} characters (the configured limit)");

    private void AppendToSpill(ReadOnlySpan<char> chars)
    {
        if (_spillLen + chars.Length > _limits.MaxLineChars) throw LineTooLong(LineNumber + 1);
        if (_spillLen + chars.Length > _spill.Length)
        {
            char[] bigger = ArrayPool<char>.Shared.Rent(Math.Max(_spill.Length * 2, _spillLen + chars.Length));
            _spill.AsSpan(0, _spillLen).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(_spill);
            _spill = bigger;
        }
        chars.CopyTo(_spill.AsSpan(_spillLen));
        _spillLen += chars.Length;
    }

    private void Fill()
    {
        int byteCount;
        if (_pendingBytes > 0)
        {
            byteCount = _pendingBytes;
            _pendingBytes = 0;
        }
        else
        {
            try
            {
                byteCount = _stream.Read(_bytes, 0, ByteBufferSize);
                if (_gzipSource is not null) TrackGzip(byteCount);
            }
            catch (InvalidDataException e) // GZipStream: corrupt or truncated compressed data
            {
                throw new DatasetException(FailMessages.UnexpectedFileType, SourceName, LineNumber + 1, "corrupt gzip data", e);
            }
        }

        try
        {
            _charPos = 0;
            _charLen = _decoder.GetChars(_bytes.AsSpan(0, byteCount), _chars, flush: byteCount == 0);
        }
        catch (DecoderFallbackException e)
        {
            // '\n' (0x0A) never occurs inside a multi-byte UTF-8 sequence, so counting it finds the exact line.
            int before = Math.Clamp(e.Index, 0, byteCount);
            long line = LineNumber + 1 + _bytes.AsSpan(0, before).Count((byte)'\n');
            throw new DatasetException(FailMessages.UnexpectedFileType, SourceName, line, "invalid UTF-8", e);
        }
        if (_strict)
        {
            int nul = _chars.AsSpan(0, _charLen).IndexOf('\0');
            if (nul >= 0)
                throw new DatasetException(FailMessages.UnexpectedFileType, SourceName, LineNumber + 1 + _chars.AsSpan(0, nul).Count('\n'),
                    "NUL character (binary file?)");
        }
        if (byteCount == 0) _eof = true;
    }

    /// <summary>
    /// GZipStream reports a truncated file as a normal end of data, so at the end we check the gzip trailer
    /// (CRC-32 and length of everything decompressed) ourselves. Consequence: concatenated multi-member gzip files are
    /// rejected too (their trailer covers only the last member).
    /// </summary>
    private void TrackGzip(int byteCount)
    {
        if (byteCount > 0)
        {
            _gzipCrc.Append(_bytes.AsSpan(0, byteCount));
            _gzipLength += byteCount;
            long compressed = _gzipSource!.TotalRead;
            if (_limits.MaxDecompressedBytes > 0 && _gzipLength > _limits.MaxDecompressedBytes)
                throw new DatasetException(FailMessages.UnexpectedFileType, SourceName, LineNumber + 1,
                    $"gzip data decompresses to more than {_limits.MaxDecompressedBytes} bytes (the configured limit)");
            if (_limits.MaxCompressionRatio > 0 && _gzipLength > DatasetLimits.RatioCheckedAfterBytes
                && _gzipLength > _limits.MaxCompressionRatio * Math.Max(1, compressed))
                throw new DatasetException(FailMessages.UnexpectedFileType, SourceName, LineNumber + 1,
                    $"gzip data expands more than {_limits.MaxCompressionRatio} times (the configured limit; a decompression bomb?)");
            return;
        }
        ReadOnlySpan<byte> trailer = _gzipSource!.Tail;
        bool valid = trailer.Length == 8
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) == _gzipCrc.Value
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == (uint)_gzipLength;
        if (!valid)
            throw new DatasetException(FailMessages.UnexpectedFileType, SourceName, LineNumber + 1,
                "gzip data truncated or corrupt (trailer mismatch; multi-member gzip is not supported)");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_bytes);
        ArrayPool<char>.Shared.Return(_chars);
        ArrayPool<char>.Shared.Return(_spill);
        _bytes = [];
        _chars = [];
        _spill = [];
        _current = [];
        _currentStart = _currentLength = 0;
    }
}
