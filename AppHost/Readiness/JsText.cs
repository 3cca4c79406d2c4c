using System.Text;

namespace Simulator.AppHost.Readiness;

/// <summary>
/// JavaScript read as text, never run: comments removed, strings and brackets matched. Regular
/// expression literals are not recognised, which config files rarely need.
/// </summary>
public static class JsText
{
    public static string StripComments(string js)
    {
        var output = new StringBuilder(js.Length);
        for (var i = 0; i < js.Length; i++)
        {
            var c = js[i];
            var next = i + 1 < js.Length ? js[i + 1] : '\0';
            if (c is '\'' or '"' or '`')
            {
                var end = EndOfString(js, i);
                output.Append(js, i, end - i + 1);
                i = end;
            }
            else if (c == '/' && next == '/')
            {
                while (i + 1 < js.Length && js[i + 1] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && next == '*')
            {
                var close = js.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? js.Length : close + 1;
                output.Append(' ');
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    /// <summary>The index of the bracket closing the one at <paramref name="open"/>, or -1 when unbalanced.</summary>
    public static int MatchingBracket(string js, int open) =>
        Code(js, open).Skip(1).Where(c => c.Char is '}' or ']' or ')' && c.Depth == 0).Select(c => c.Index).DefaultIfEmpty(-1).First();

    /// <summary>Where the expression starting at <paramref name="start"/> ends: a ';' or line end outside brackets.</summary>
    public static int EndOfExpression(string js, int start) =>
        Code(js, start).Where(c => c.Char is ';' or '\n' && c.Depth <= 0).Select(c => c.Index).DefaultIfEmpty(js.Length).First();

    /// <summary>Splits at the commas that are outside every string and bracket.</summary>
    public static IEnumerable<string> SplitTopLevel(string js)
    {
        var start = 0;
        foreach (var comma in Code(js, 0).Where(c => c.Char == ',' && c.Depth == 0))
        {
            yield return js[start..comma.Index];
            start = comma.Index + 1;
        }

        yield return js[start..];
    }

    /// <summary>The characters outside strings, each with its bracket depth (a bracket counts outside itself).</summary>
    private static IEnumerable<(int Index, char Char, int Depth)> Code(string js, int start)
    {
        var depth = 0;
        for (var i = start; i < js.Length; i++)
        {
            var c = js[i];
            if (c is '\'' or '"' or '`')
            {
                i = EndOfString(js, i);
                continue;
            }

            if (c is '}' or ']' or ')')
            {
                depth--;
            }

            yield return (i, c, depth);
            if (c is '{' or '[' or '(')
            {
                depth++;
            }
        }
    }

    private static int EndOfString(string js, int start)
    {
        var quote = js[start];
        for (var i = start + 1; i < js.Length; i++)
        {
            if (js[i] == '\\')
            {
                i++;
            }
            else if (js[i] == quote || (quote != '`' && js[i] == '\n'))
            {
                return i;
            }
        }

        return js.Length - 1;
    }
}
