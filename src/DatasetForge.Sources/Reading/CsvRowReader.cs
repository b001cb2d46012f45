using System.Text;

namespace DatasetForge.Sources.Reading;

/// <summary>
/// Reads RFC 4180 CSV (comma or semicolon, quoted fields with doubled quotes and line breaks) one record at a time,
/// with the line each record starts on, and says what is wrong with a malformed record (a stray or unclosed quote)
/// instead of throwing, so that one bad row costs one item, not the file.
/// </summary>
internal sealed class CsvRowReader(TextReader reader)
{
    private int _line = 1;

    /// <summary>The separator, detected from the header line (comma unless the header has only semicolons or tabs).</summary>
    public char Separator { get; private set; } = ',';

    /// <summary>Reads the next record; null at the end of the file.</summary>
    public async Task<CsvRow?> ReadAsync(bool detectSeparator, CancellationToken cancellationToken)
    {
        var text = await reader.ReadLineAsync(cancellationToken);
        if (text is null)
        {
            return null;
        }

        var start = _line++;
        if (detectSeparator && !text.Contains(',', StringComparison.Ordinal))
        {
            Separator = text.Contains(';', StringComparison.Ordinal) ? ';' : text.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        string? problem = null;
        var quoted = false;
        var wasQuoted = false;
        var i = 0;
        while (true)
        {
            if (i >= text.Length)
            {
                if (!quoted)
                {
                    break;
                }

                // A line break inside quotes belongs to the field; a file that ends inside quotes is malformed.
                var next = await reader.ReadLineAsync(cancellationToken);
                if (next is null)
                {
                    problem ??= "a quote is never closed";
                    break;
                }

                _line++;
                field.Append('\n');
                text = next;
                i = 0;
                continue;
            }

            var c = text[i++];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i < text.Length && text[i] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                    if (i < text.Length && text[i] != Separator)
                    {
                        problem ??= $"text after a closing quote in field {fields.Count + 1}";
                    }
                }
            }
            else if (c == Separator)
            {
                fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
                field.Clear();
                wasQuoted = false;
            }
            else if (c == '"')
            {
                if (field.ToString().Trim().Length == 0)
                {
                    field.Clear();
                    quoted = wasQuoted = true;
                }
                else
                {
                    problem ??= $"a stray quote inside field {fields.Count + 1}";
                    field.Append(c);
                }
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
        return new CsvRow(start, fields, problem);
    }
}

/// <summary>One CSV record: the line it starts on, its fields, and what is malformed about it (null when nothing).</summary>
internal sealed record CsvRow(int Line, IReadOnlyList<string> Fields, string? Problem)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}
