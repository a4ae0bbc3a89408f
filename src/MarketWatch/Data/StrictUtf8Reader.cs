using System.Buffers;
using System.Text.Unicode;

namespace MarketWatch.Data;

/// <summary>Raised by <see cref="StrictUtf8Reader"/> at the first byte that is not UTF-8.</summary>
public sealed class InvalidUtf8Exception() : Exception("not valid UTF-8");

/// <summary>
/// UTF-8 text that refuses bad bytes instead of turning them into U+FFFD (StreamReader's way): an analyst's
/// Latin-1 or UTF-16 export would otherwise be classified as garbled text without a word. Every character before
/// the bad byte is returned first, so a reader counting lines is on the bad byte's line when the error comes.
/// A leading byte-order mark is skipped.
/// </summary>
public sealed class StrictUtf8Reader(Stream stream) : TextReader
{
    private readonly byte[] _bytes = new byte[1 << 16];
    private readonly char[] _chars = new char[1 << 16];
    private int _byteStart, _byteEnd, _charStart, _charEnd;
    private bool _eof, _invalid, _started;

    public static StrictUtf8Reader Open(string path) => new(File.OpenRead(path));

    private bool Fill()
    {
        if (_charStart < _charEnd) return true;
        while (true)
        {
            if (_invalid) throw new InvalidUtf8Exception();
            if (!_eof) ReadBytes();
            var status = Utf8.ToUtf16(_bytes.AsSpan(_byteStart, _byteEnd - _byteStart), _chars, out var read, out var written,
                replaceInvalidSequences: false, isFinalBlock: _eof);
            _byteStart += read;
            (_charStart, _charEnd) = (0, written);
            if (status == OperationStatus.InvalidData) _invalid = true;   // raised once the valid text before it is used up
            if (written > 0) return true;
            if (_eof && !_invalid) return false;
        }
    }

    // Keeps the undecoded tail (at most a split multi-byte sequence) and appends what the stream has next.
    private void ReadBytes()
    {
        var tail = _byteEnd - _byteStart;
        Array.Copy(_bytes, _byteStart, _bytes, 0, tail);
        (_byteStart, _byteEnd) = (0, tail);
        var n = stream.Read(_bytes, _byteEnd, _bytes.Length - _byteEnd);
        _eof = n == 0;
        _byteEnd += n;
        if (_started || (_byteEnd < 3 && !_eof)) return;
        _started = true;
        if (_byteEnd >= 3 && _bytes[0] == 0xEF && _bytes[1] == 0xBB && _bytes[2] == 0xBF) _byteStart = 3;
    }

    public override int Peek() => Fill() ? _chars[_charStart] : -1;

    public override int Read() => Fill() ? _chars[_charStart++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty || !Fill()) return 0;
        var n = Math.Min(buffer.Length, _charEnd - _charStart);
        _chars.AsSpan(_charStart, n).CopyTo(buffer);
        _charStart += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) stream.Dispose();
        base.Dispose(disposing);
    }
}
