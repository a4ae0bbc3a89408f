using System.Text;

namespace MarketWatch.Data;

/// <summary>A CSV problem, located: file, line and what is wrong.</summary>
public sealed class CsvFormatException(string source, long line, string problem) : Exception($"{source}: line {line}: {problem}")
{
    public long Line => line;
}

/// <summary>
/// Streaming RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks. Every record
/// knows the line it started on, so an error names it. Input is read through a fixed buffer and records
/// are returned one at a time: memory stays flat whatever the file size.
/// </summary>
public sealed class CsvReader(TextReader reader, string source)
{
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create(",\"\r\n");
    private readonly char[] _buffer = new char[1 << 16];
    private int _pos, _len;
    private long _line = 1;
    private readonly StringBuilder _field = new();

    public string Source => source;
    public long RecordLine { get; private set; }

    private bool Fill()
    {
        if (_pos < _len) return true;
        try { _len = reader.Read(_buffer, 0, _buffer.Length); }
        catch (InvalidUtf8Exception e) { throw new CsvFormatException(source, _line, e.Message); }   // the reader stops on the bad byte's line
        _pos = 0;
        return _len > 0;
    }

    private int Peek() => Fill() ? _buffer[_pos] : -1;
    private int Next() => Fill() ? _buffer[_pos++] : -1;

    /// <summary>The next record, or null at end of input. A blank line is skipped.</summary>
    public List<string>? Read()
    {
        while (true)
        {
            RecordLine = _line;
            var first = Peek();
            if (first < 0) return null;
            if (first is '\n' or '\r') { EndOfLine(Next()); continue; }
            return ReadRecord();
        }
    }

    private void EndOfLine(int c)
    {
        _line++;   // before peeking on: a bad byte right after the line break belongs to the next line
        if (c == '\r' && Peek() == '\n') _pos++;
    }

    private List<string> ReadRecord()
    {
        var fields = new List<string>();
        while (true)
        {
            var (value, terminator) = Peek() == '"' ? ReadQuoted() : ReadPlain();
            fields.Add(value);
            if (terminator == ',') continue;
            if (terminator is '\r' or '\n') EndOfLine(terminator);
            return fields;
        }
    }

    // An unquoted field: everything up to the next comma or line break, copied span by span.
    private (string, int) ReadPlain()
    {
        _field.Clear();
        while (Fill())
        {
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var at = span.IndexOfAny(Special);
            if (at < 0) { _field.Append(span); _pos = _len; continue; }
            _field.Append(span[..at]);
            _pos += at + 1;
            var c = span[at];
            if (c == '"') throw new CsvFormatException(source, _line, "stray \" inside an unquoted field (quote the whole field and double the quote)");
            return (_field.ToString(), c);
        }
        return (_field.ToString(), -1);
    }

    private (string, int) ReadQuoted()
    {
        _pos++;   // the opening quote
        _field.Clear();
        while (true)
        {
            if (!Fill()) throw new CsvFormatException(source, RecordLine, "unterminated quoted field (a \" opened here is never closed)");
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var at = span.IndexOf('"');
            var chunk = at < 0 ? span : span[..at];
            _line += chunk.Count('\n');
            _field.Append(chunk);
            _pos += chunk.Length;
            if (at < 0) continue;
            _pos++;   // the quote
            if (Peek() == '"') { _field.Append('"'); _pos++; continue; }   // "" is a literal quote
            var after = Next();
            if (after is -1 or ',' or '\r' or '\n') return (_field.ToString(), after);
            throw new CsvFormatException(source, _line, "text after a closing quote");
        }
    }
}

public static class CsvWriter
{
    /// <summary>Writes one record, quoting only where RFC 4180 needs it.</summary>
    public static void WriteRecord(TextWriter w, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) w.Write(',');
            var f = fields[i] ?? "";
            if (f.AsSpan().IndexOfAny(",\"\r\n") < 0) { w.Write(f); continue; }
            w.Write('"');
            w.Write(f.Replace("\"", "\"\""));
            w.Write('"');
        }
        w.Write("\r\n");
    }
}

/// <summary>A CSV with a header row: fields by column name, with line-numbered errors.</summary>
public sealed class CsvTable
{
    private readonly CsvReader _reader;
    public IReadOnlyList<string> Header { get; }
    private readonly Dictionary<string, int> _index;

    public CsvTable(TextReader reader, string source)
    {
        _reader = new CsvReader(reader, source);
        Header = (_reader.Read() ?? throw new CsvFormatException(source, 1, "the file is empty (a header row is needed)"))
            .Select((h, i) => i == 0 ? h.TrimStart('\uFEFF').Trim() : h.Trim()).ToList();
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Header.Count; i++)
            if (!_index.TryAdd(Header[i], i)) throw new CsvFormatException(source, 1, $"column '{Header[i]}' appears twice in the header");
    }

    public string Source => _reader.Source;
    public long Line => _reader.RecordLine;

    public int Require(string column) => _index.TryGetValue(column, out var i)
        ? i
        : throw new CsvFormatException(Source, 1, $"no '{column}' column in the header (columns: {string.Join(", ", Header)})");

    public int? Optional(string column) => _index.TryGetValue(column, out var i) ? i : null;

    /// <summary>The next row, with exactly as many fields as the header; null at the end.</summary>
    public List<string>? Next()
    {
        var row = _reader.Read();
        if (row is not null && row.Count != Header.Count)
            throw new CsvFormatException(Source, _reader.RecordLine, $"{row.Count} field(s), but the header has {Header.Count}");
        return row;
    }

    public CsvFormatException Error(string problem) => new(Source, _reader.RecordLine, problem);
}
