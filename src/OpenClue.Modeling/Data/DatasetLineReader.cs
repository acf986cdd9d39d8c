using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Data;

/// <summary>
/// Streams the lines of one dataset file: transparent gzip (magic 1F 8B), UTF-8 with the BOM ignored, lines ended by
/// <c>\n</c> or <c>\r\n</c>. Only the current line is held in memory (pooled buffers), and never more than
/// <see cref="DatasetLimits.MaxLineChars"/> of it; gzip output is bounded by size and ratio (<see cref="DatasetLimits"/>).
/// In strict mode invalid UTF-8 and NUL characters throw <see cref="DatasetException"/> (UNEXPECTED_FILE_TYPE), NUL
/// checked per decoded chunk so a line of zeros is refused at its first chunk; otherwise invalid bytes become U+FFFD.
/// <para>Opened with <see cref="OpenUtf8"/>, the lines are handed out as the file's UTF-8 bytes (<see cref="ReadRecordLineUtf8"/>,
/// <see cref="CurrentLineUtf8"/>) and never decoded: each chunk is validated where the decoder would have decoded it
/// (an incomplete sequence at its end moves to the front of the next chunk, as the decoder would carry it), so the
/// errors, their order and their line numbers, the line limit (in UTF-16 characters), the BOM, blank lines and the
/// header are those of the decoding mode.</para>
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
    private readonly bool _utf8Lines;
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

    // UTF-8 mode: the chunk's validated bytes are _bytes[_bytePos.._byteLen); an incomplete sequence ending the chunk
    // (_carry bytes at _carryStart) is moved to the front of _bytes before the next read.
    private int _bytePos, _byteLen, _carryStart, _carry;
    private byte[] _byteSpill;  // accumulates a line that spans chunks
    private int _byteSpillLen, _byteSpillChars;
    private byte[] _currentBytes = [];

    private DatasetLineReader(Stream stream, string? sourceName, bool strict, DatasetLimits limits, byte[] bytes, int pendingBytes,
        PrefixedStream? gzipSource, bool utf8Lines)
    {
        _limits = limits;
        _stream = stream;
        _gzipSource = gzipSource;
        SourceName = sourceName;
        _strict = strict;
        _decoder = (strict ? StrictUtf8 : LenientUtf8).GetDecoder();
        _utf8Lines = utf8Lines;
        _bytes = bytes;
        _pendingBytes = pendingBytes;
        _chars = utf8Lines ? [] : ArrayPool<char>.Shared.Rent(ByteBufferSize + 8);
        _spill = utf8Lines ? [] : ArrayPool<char>.Shared.Rent(256);
        _byteSpill = utf8Lines ? ArrayPool<byte>.Shared.Rent(256) : [];
        _current = _chars;
    }

    public string? SourceName { get; }

    /// <summary>1-based number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The line last returned, without its terminator (and without a leading BOM on line 1).</summary>
    public ReadOnlySpan<char> CurrentLine => new(_current, _currentStart, _currentLength);

    /// <summary>UTF-8 mode: the line last returned by <see cref="ReadRecordLineUtf8"/>, as <see cref="CurrentLine"/>
    /// would give it (no terminator, no BOM), in valid UTF-8.</summary>
    public ReadOnlySpan<byte> CurrentLineUtf8 => new(_currentBytes, _currentStart, _currentLength);

    public static DatasetLineReader Open(DatasetPart part, bool strict, DatasetLimits limits)
    {
        Stream raw = part.Open() ?? throw new InvalidOperationException($"DatasetPart '{part.Name}' opened a null stream.");
        return Open(raw, part.Name, strict, leaveOpen: false, limits);
    }

    /// <summary>A strict reader that hands out lines as UTF-8 (<see cref="ReadRecordLineUtf8"/>).</summary>
    public static DatasetLineReader OpenUtf8(DatasetPart part, DatasetLimits limits)
    {
        Stream raw = part.Open() ?? throw new InvalidOperationException($"DatasetPart '{part.Name}' opened a null stream.");
        return Open(raw, part.Name, strict: true, leaveOpen: false, limits, utf8Lines: true);
    }

    public static DatasetLineReader Open(Stream raw, string? sourceName, bool strict, bool leaveOpen, DatasetLimits limits) =>
        Open(raw, sourceName, strict, leaveOpen, limits, utf8Lines: false);

    private static DatasetLineReader Open(Stream raw, string? sourceName, bool strict, bool leaveOpen, DatasetLimits limits, bool utf8Lines)
    {
        byte[] bytes = ArrayPool<byte>.Shared.Rent(ByteBufferSize + 4); // + room for a carried incomplete sequence
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
                return new DatasetLineReader(gzip, sourceName, strict, limits, bytes, 0, source, utf8Lines);
            }
            Stream plain = leaveOpen ? new PrefixedStream([], 0, raw, leaveOpen: true) : raw;
            return new DatasetLineReader(plain, sourceName, strict, limits, bytes, sniffed, null, utf8Lines);
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
        int offset = 0;
        if (_carry > 0)
        {
            _bytes.AsSpan(_carryStart, _carry).CopyTo(_bytes);
            offset = _carry;
        }
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
                byteCount = _stream.Read(_bytes, offset, ByteBufferSize);
                if (_gzipSource is not null) TrackGzip(offset, byteCount);
            }
            catch (InvalidDataException e) // GZipStream: corrupt or truncated compressed data
            {
                throw new DatasetException(FailMessages.UnexpectedFileType, SourceName, LineNumber + 1, "corrupt gzip data", e);
            }
        }

        if (_utf8Lines) Validate(offset + byteCount, final: byteCount == 0);
        else Decode(byteCount);
        if (byteCount == 0) _eof = true;
    }

    private void Decode(int byteCount)
    {
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
    }

    /// <summary>
    /// UTF-8 mode: checks <c>_bytes[..end]</c> (a carried incomplete sequence, then the chunk) as the strict decoder would
    /// decode it — invalid bytes first, then NUL — and makes it available up to an incomplete sequence at its end, which
    /// is carried (the whole of it must be complete at the end of the file).
    /// </summary>
    private void Validate(int end, bool final)
    {
        ReadOnlySpan<byte> data = _bytes.AsSpan(0, end);
        int complete = final ? end : end - IncompleteTail(data);
        if (!Utf8.IsValid(data[..complete])
            || (complete < end && Rune.DecodeFromUtf8(data[complete..], out _, out _) != System.Buffers.OperationStatus.NeedMoreData))
            throw InvalidUtf8(data, final);
        int nul = data[..complete].IndexOf((byte)0);
        if (nul >= 0)
            throw new DatasetException(FailMessages.UnexpectedFileType, SourceName, LineNumber + 1 + data[..nul].Count((byte)'\n'),
                "NUL character (binary file?)");
        _bytePos = 0;
        _byteLen = complete;
        _carryStart = complete;
        _carry = end - complete;
    }

    /// <summary>Bytes at the end of <paramref name="data"/> that start a sequence longer than what is left (0–3).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> data)
    {
        for (int i = data.Length - 1; i >= Math.Max(0, data.Length - 3); i--)
        {
            byte b = data[i];
            if (b < 0x80) return 0;
            if (b < 0xC0) continue; // a continuation byte: its lead is further back
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            return data.Length - i < length ? data.Length - i : 0;
        }
        return 0;
    }

    /// <summary>The error the strict decoder raises on <paramref name="data"/>, at the line it gives (the decoder is run
    /// on this error path only, so the line number is the decoding mode's: '\n' never occurs in a carried sequence).</summary>
    private DatasetException InvalidUtf8(ReadOnlySpan<byte> data, bool final)
    {
        try
        {
            StrictUtf8.GetDecoder().GetChars(data, new char[data.Length + 1], flush: final);
        }
        catch (DecoderFallbackException e)
        {
            int before = Math.Clamp(e.Index, 0, data.Length);
            long line = LineNumber + 1 + data[..before].Count((byte)'\n');
            return new DatasetException(FailMessages.UnexpectedFileType, SourceName, line, "invalid UTF-8", e);
        }
        throw new InvalidOperationException("UTF-8 validation and the strict decoder disagree.");
    }

    /// <summary>UTF-8 mode: <see cref="ReadRecordLine"/> with the line in <see cref="CurrentLineUtf8"/>.</summary>
    public bool ReadRecordLineUtf8()
    {
        while (ReadLineUtf8())
        {
            ReadOnlySpan<byte> line = CurrentLineUtf8;
            if (Utf8Text.IsWhiteSpace(line)) continue;
            if (!_seenRecordOrHeader)
            {
                _seenRecordOrHeader = true;
                int tab = line.IndexOf((byte)'\t');
                if (IsHeaderField(Utf8Text.Trim(tab >= 0 ? line[..tab] : line))) continue;
            }
            return true;
        }
        return false;
    }

    /// <summary>The decoding mode's <c>user_id</c> test (case-insensitive as UTF-16): 7 UTF-16 units are at most 21 bytes.</summary>
    private static bool IsHeaderField(ReadOnlySpan<byte> field)
    {
        if (field.Length > 21) return false;
        Span<char> chars = stackalloc char[21];
        int n = System.Text.Encoding.UTF8.GetChars(field, chars);
        return chars[..n].Equals("user_id", StringComparison.OrdinalIgnoreCase);
    }

    private bool ReadLineUtf8()
    {
        if (ReferenceEquals(_currentBytes, _byteSpill)) _byteSpillLen = _byteSpillChars = 0; // the previous line lived there
        while (true)
        {
            if (_bytePos < _byteLen)
            {
                ReadOnlySpan<byte> available = _bytes.AsSpan(_bytePos, _byteLen - _bytePos);
                int newline = available.IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    if (_byteSpillLen == 0) SetCurrentBytes(_bytes, _bytePos, newline);
                    else
                    {
                        AppendToByteSpill(available[..newline]);
                        SetCurrentBytes(_byteSpill, 0, _byteSpillLen);
                    }
                    _bytePos += newline + 1;
                    return CompleteLineUtf8();
                }
                AppendToByteSpill(available);
                _bytePos = _byteLen;
            }
            if (_eof)
            {
                if (_byteSpillLen == 0) return false;
                SetCurrentBytes(_byteSpill, 0, _byteSpillLen);
                return CompleteLineUtf8();
            }
            Fill();
        }
    }

    private void SetCurrentBytes(byte[] array, int start, int length)
    {
        _currentBytes = array;
        _currentStart = start;
        _currentLength = length;
    }

    private bool CompleteLineUtf8()
    {
        LineNumber++;
        if (_currentLength > 0 && _currentBytes[_currentStart + _currentLength - 1] == '\r') _currentLength--;
        if (LineNumber == 1 && CurrentLineUtf8.StartsWith("\uFEFF"u8))
        {
            _currentStart += 3;
            _currentLength -= 3;
        }
        // UTF-16 units never outnumber UTF-8 bytes: only a long line is counted.
        if (_currentLength > _limits.MaxLineChars && System.Text.Encoding.UTF8.GetCharCount(CurrentLineUtf8) > _limits.MaxLineChars)
            throw LineTooLong(LineNumber);
        return true;
    }

    private void AppendToByteSpill(ReadOnlySpan<byte> bytes)
    {
        int chars = System.Text.Encoding.UTF8.GetCharCount(bytes);
        if (_byteSpillChars + chars > _limits.MaxLineChars) throw LineTooLong(LineNumber + 1);
        if (_byteSpillLen + bytes.Length > _byteSpill.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_byteSpill.Length * 2, _byteSpillLen + bytes.Length));
            _byteSpill.AsSpan(0, _byteSpillLen).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_byteSpill);
            _byteSpill = bigger;
        }
        bytes.CopyTo(_byteSpill.AsSpan(_byteSpillLen));
        _byteSpillLen += bytes.Length;
        _byteSpillChars += chars;
    }

    /// <summary>
    /// GZipStream reports a truncated file as a normal end of data, so at the end we check the gzip trailer
    /// (CRC-32 and length of everything decompressed) ourselves. Consequence: concatenated multi-member gzip files are
    /// rejected too (their trailer covers only the last member).
    /// </summary>
    private void TrackGzip(int offset, int byteCount)
    {
        if (byteCount > 0)
        {
            _gzipCrc.Append(_bytes.AsSpan(offset, byteCount));
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
        if (_chars.Length > 0) ArrayPool<char>.Shared.Return(_chars);
        if (_spill.Length > 0) ArrayPool<char>.Shared.Return(_spill);
        if (_byteSpill.Length > 0) ArrayPool<byte>.Shared.Return(_byteSpill);
        _bytes = [];
        _chars = [];
        _spill = [];
        _byteSpill = [];
        _current = [];
        _currentBytes = [];
        _currentStart = _currentLength = 0;
    }
}
