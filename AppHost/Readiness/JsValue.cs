using Acornima;
using Acornima.Ast;

namespace Simulator.AppHost.Readiness;

/// <summary>
/// What a setting is set to, as the parsed file writes it: a literal that can be judged as written,
/// or something known only at run time (a call, a variable, process.env), which is described by
/// its kind and line and never by its text, which may hold a secret.
/// </summary>
public sealed class JsValue
{
    // Set by a write that may not happen (inside an `if`, `try` or loop, or by a call): nothing about it is judged.
    private readonly bool _conditional;

    private JsValue(Node node, JsModule module, int line, bool conditional)
    {
        Node = node;
        Module = module;
        Line = line;
        _conditional = conditional;
    }

    /// <summary>The value's node after the file's own constants are followed (`{ adapter }` with `const adapter = '…'`).</summary>
    public Node Node { get; }

    /// <summary>The line that sets it.</summary>
    public int Line { get; }

    internal JsModule Module { get; }

    public string? AsString => _conditional ? null : Node switch
    {
        StringLiteral s => s.Value,
        TemplateLiteral { Expressions.Count: 0 } t => t.Quasis[0].Value.Cooked,
        _ => null,
    };

    public bool? AsBoolean => _conditional ? null : (Node as BooleanLiteral)?.Value;

    public bool IsArray => !_conditional && Node is ArrayExpression;

    /// <summary>An array's elements (holes and spreads left out).</summary>
    public IEnumerable<JsValue> Elements => IsArray && Node is ArrayExpression array
        ? array.Elements.OfType<Expression>().Where(e => e is not SpreadElement).Select(Module.Value)
        : [];

    public JsObject? AsObject => !_conditional && Node is ObjectExpression o ? new JsObject(o, Module) : null;

    /// <summary>The module a `require('name')` loads, e.g. "skipper-s3".</summary>
    public string? RequiredModule => !_conditional && Node is CallExpression { Callee: Identifier { Name: "require" }, Arguments: [StringLiteral name] }
        ? name.Value
        : null;

    public bool IsUndefined => !_conditional && Node is Identifier { Name: "undefined" };

    /// <summary>null or undefined: the same as not set.</summary>
    public bool IsNothing => !_conditional && Node is NullLiteral or Identifier { Name: "undefined" };

    /// <summary>Whether the value can be judged as written: a string, boolean, number, null, undefined, regular expression, array or object.</summary>
    public bool IsLiteral => AsString is not null || IsNothing
        || (!_conditional && Node is BooleanLiteral or NumericLiteral or RegExpLiteral or ArrayExpression or ObjectExpression);

    /// <summary>What kind of run-time value it is, for a note: never its text.</summary>
    public string Kind => _conditional ? "a value set only when a condition holds (if, try, a loop or a call)" : Node switch
    {
        SpreadElement => "whatever a spread (...) of another object holds",
        CallExpression when RequiredModule is not null => "what another module exports (require)",
        CallExpression or NewExpression => "the result of a call",
        MemberExpression m when IsProcessEnv(m.Object) => "an environment variable",
        Identifier => "a variable",
        MemberExpression => "another object's property",
        TemplateLiteral => "a template string with substitutions",
        ConditionalExpression or LogicalExpression => "a choice made at run time",
        IFunction => "a function",
        Property => "a property whose name is computed",
        _ when IsLiteral => "a literal",
        _ => "an expression",
    };

    /// <summary>The same value, set by a write that may not happen.</summary>
    internal JsValue AsConditional() => new(Node, Module, Line, conditional: true);

    /// <summary>Follows the file's constants to the value they stand for.</summary>
    internal static JsValue Of(Node node, JsModule module)
    {
        var line = node.Location.Start.Line;
        for (var hops = 0; hops < 8 && node is Identifier id && module.Constant(id.Name) is { } value; hops++)
        {
            node = value;
        }

        return new JsValue(node, module, line, conditional: false);
    }

    private static bool IsProcessEnv(Expression e) =>
        e is MemberExpression { Object: Identifier { Name: "process" }, Property: Identifier { Name: "env" }, Computed: false };
}
