namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// Counts the value tuples of one INSERT statement fed line by line, and the bytes inside them; quotes, backslash
/// escapes and parentheses inside strings are handled, and a column list before VALUES is not mistaken for a row.
/// </summary>
internal sealed class TupleCounter
{
    private bool _inValues;
    private bool _inString;
    private int _depth;
    private long _hexDigitsSaved;

    public long Rows { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Feeds one line; true when the statement's closing semicolon has been seen.</summary>
    public bool Feed(string line)
    {
        var i = 0;
        if (!_inValues)
        {
            var values = line.IndexOf("VALUES", StringComparison.Ordinal);
            if (values < 0)
            {
                return false;
            }

            _inValues = true;
            i = values + "VALUES".Length;
        }

        var tupleStart = _depth > 0 ? i : -1;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (_inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    _inString = false;
                }

                continue;
            }

            switch (c)
            {
                // A --hex-blob literal is two digits per byte of the value: count the bytes, not the digits.
                case '0' when i + 1 < line.Length && line[i + 1] is 'x' or 'X' && (i == 0 || line[i - 1] is ',' or '('):
                    var digits = 0;
                    for (i += 2; i < line.Length && char.IsAsciiHexDigit(line[i]); i++)
                    {
                        digits++;
                    }

                    _hexDigitsSaved += 2 + (digits - (digits / 2));
                    i--;
                    break;
                case '\'':
                    _inString = true;
                    break;
                case '(':
                    if (_depth++ == 0)
                    {
                        tupleStart = i + 1;
                    }

                    break;
                case ')':
                    if (--_depth == 0)
                    {
                        Rows++;
                        // The dump is read as Latin-1 (one char per byte of the file), so chars are bytes.
                        Bytes += i - tupleStart - _hexDigitsSaved;
                        _hexDigitsSaved = 0;
                    }

                    break;
                case ';' when _depth == 0:
                    return true;
            }
        }

        return false;
    }
}
