using Acornima.Ast;

namespace Simulator.AppHost.Readiness;

/// <summary>An object literal of a parsed file: its properties as the last one written wins.</summary>
public sealed class JsObject(ObjectExpression node, JsModule module)
{
    /// <summary>The keys the literal names outright, in order (spreads and computed keys left out).</summary>
    public IEnumerable<string> Keys =>
        node.Properties.OfType<Property>().Select(p => module.KeyOf(p)).OfType<string>();

    /// <summary>
    /// A property's value. Properties are read from the last one back, as the object is built:
    /// a `...spread` or a computed key met before the key may hold it, so that is what is found.
    /// </summary>
    public JsLookup Lookup(string key) => Lookup(key, spreads: 0);

    // `const a = { ...a }` parses: spreads of the file's own objects are followed a few deep only.
    private JsLookup Lookup(string key, int spreads)
    {
        for (var i = node.Properties.Count - 1; i >= 0; i--)
        {
            switch (node.Properties[i])
            {
                case Property property when module.KeyOf(property) is { } name:
                    if (name == key)
                    {
                        return JsLookup.Found(module.Value(property.Value), depth: 1);
                    }

                    break;
                case SpreadElement spread when spreads < 8 && module.Value(spread.Argument).AsObject is { } spreadObject:
                    if (spreadObject.Lookup(key, spreads + 1) is { IsAbsent: false } inSpread)
                    {
                        return inSpread;
                    }

                    break;
                default:
                    // A spread of something computed, or a computed key: it may be this key.
                    return JsLookup.Found(module.Value(node.Properties[i]), depth: 1);
            }
        }

        return JsLookup.Absent;
    }
}

/// <summary>
/// What one file says about a setting: it sets it (<see cref="Value"/>, found after
/// <see cref="Depth"/> keys: fewer than asked when a parent is known only at run time), it does
/// not set it (earlier files decide), or it sets a parent to something that is not an object (a
/// string, null, a function), which clears what earlier files set there.
/// </summary>
public readonly record struct JsLookup(JsValue? Value, int Depth, bool Clears)
{
    public static readonly JsLookup Absent = new(null, 0, false);

    public static readonly JsLookup Cleared = new(null, 0, true);

    public bool IsAbsent => Value is null && !Clears;

    public static JsLookup Found(JsValue value, int depth) => new(value, depth, false);
}
