using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Acornima;
using Acornima.Ast;

namespace Simulator.AppHost.Readiness;

/// <summary>
/// One CommonJS file of the app, parsed (Acornima) and never run: what its statements assign to
/// module.exports, in order, and the top-level bindings that nothing changes, which shorthand
/// properties (`{ adapter }`) and other names stand for.
/// </summary>
public sealed class JsModule
{
    private static readonly ParserOptions Options = new() { AllowReturnOutsideFunction = true };

    private readonly Dictionary<string, Expression> _constants = new(StringComparer.Ordinal);
    private readonly List<Write> _writes = [];

    // After `module.exports = {…}`, `exports` still points at the object that was replaced.
    private bool _exportsIsModuleExports = true;

    private readonly Node _root;

    private JsModule(Node root) => _root = root;

    /// <summary>Every node of the file, depth first, without recursion (a 1 MB expression may be deep), for rules that look at its code.</summary>
    public IEnumerable<Node> Nodes => Descendants(_root, enterFunctions: true);

    /// <summary>
    /// Parses a file as Node loads it: a script inside a function, so a top-level `return` is
    /// allowed. A file that does not parse is described by position only: the parser's message
    /// may quote the file's text.
    /// </summary>
    public static bool TryParse(string code, [NotNullWhen(true)] out JsModule? module, [NotNullWhen(false)] out string? error) =>
        TryParse(() => new Parser(Options).ParseScript(code), out module, out error);

    /// <summary>
    /// A JSON file whose whole value is the exports: config/*.json as Node's JSON.parse reads it,
    /// or .sailsrc as `rc` reads it (comments stripped first). Checked as JSON, then parsed as
    /// the JavaScript expression that JSON is.
    /// </summary>
    public static bool TryParseJson(string json, bool allowComments, [NotNullWhen(true)] out JsModule? module,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            using var _ = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                CommentHandling = allowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            });
        }
        catch (JsonException e)
        {
            module = null;
            error = $"not valid JSON at line {e.LineNumber + 1}";
            return false;
        }

        return TryParse(() => new Parser(Options).ParseExpression(json), out module, out error);
    }

    /// <summary>What the file's exports hold at a dotted path, e.g. "session.adapter".</summary>
    public JsLookup Export(string path) => Export(path.Split('.'));

    /// <summary>
    /// The exports at a path. The last statement that assigns the path or one of its parents
    /// decides (`module.exports = {…}` replaces all before it, `module.exports.session = {…}`
    /// replaces session); a write that may not happen (inside an `if`, `try` or loop, or done by
    /// a call given the exports) leaves the value known only at run time.
    /// </summary>
    public JsLookup Export(IReadOnlyList<string> keys)
    {
        for (var w = _writes.Count - 1; w >= 0; w--)
        {
            var write = _writes[w];
            if (write.Target.Count > keys.Count || !write.Target.SequenceEqual(keys.Take(write.Target.Count)))
            {
                continue;
            }

            var found = Descend(Value(write.Value), keys, write.Target.Count);
            return write.Certain ? found
                : found.Value is { } value ? JsLookup.Found(value.AsConditional(), found.Depth)
                : JsLookup.Found(Value(write.Value).AsConditional(), write.Target.Count);
        }

        return JsLookup.Absent;
    }

    /// <summary>A member's name when the source names it: `a.b` and `a['b']` give "b".</summary>
    public static string? PropertyName(MemberExpression member) => member switch
    {
        { Computed: false, Property: Identifier id } => id.Name,
        { Computed: true, Property: StringLiteral s } => s.Value,
        _ => null,
    };

    /// <summary>A node as a value, the file's constants followed.</summary>
    public JsValue Value(Node node) => JsValue.Of(node, this);

    internal Expression? Constant(string name) => _constants.GetValueOrDefault(name);

    /// <summary>A property's key when the source names it (`a`, `'a'`, `1`, `['a']`); null when computed.</summary>
    internal string? KeyOf(Property property) => property.Computed ? Value(property.Key).AsString : property.Key switch
    {
        Identifier id => id.Name,
        StringLiteral s => s.Value,
        NumericLiteral n => n.Value.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool TryParse(Func<Node> parse, out JsModule? module, out string? error)
    {
        try
        {
            var root = parse();
            module = new JsModule(root);
            module.Read(root);
            error = null;
            return true;
        }
        catch (ParseErrorException e)
        {
            module = null;
            error = $"not valid JavaScript at line {e.LineNumber}, column {e.Column + 1}";
            return false;
        }
        catch (InsufficientExecutionStackException)
        {
            module = null;
            error = "nested too deeply to parse";
            return false;
        }
    }

    private static JsLookup Descend(JsValue value, IReadOnlyList<string> keys, int depth)
    {
        for (; depth < keys.Count; depth++)
        {
            if (value.IsUndefined)
            {
                // Sails' merge skips undefined: what earlier files set stays.
                return JsLookup.Absent;
            }

            if (value.AsObject is { } obj)
            {
                var found = obj.Lookup(keys[depth]);
                if (found.Value is null)
                {
                    return found;
                }

                value = found.Value;
            }
            else if (value.IsLiteral || value.Node is IFunction or ClassExpression)
            {
                // Sails' merge replaces an object with a value that is not one.
                return JsLookup.Cleared;
            }
            else
            {
                return JsLookup.Found(value, depth);
            }
        }

        return value.IsUndefined ? JsLookup.Absent : JsLookup.Found(value, depth);
    }

    private void Read(Node root)
    {
        if (root is not Script script)
        {
            _writes.Add(new Write([], root, Certain: true));
            return;
        }

        ReadBindings(script);
        ReadStatements(script.Body, certain: true);
    }

    /// <summary>
    /// The top-level bindings whose value is their initializer: a `const`, or a `let`/`var` that
    /// nothing assigns again; an object or array only when nothing may change it in place (a
    /// property set, a method called on it, a call given it).
    /// </summary>
    private void ReadBindings(Script script)
    {
        var reassigned = new HashSet<string>(StringComparer.Ordinal);
        var mutated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Descendants(script, enterFunctions: true))
        {
            switch (node)
            {
                case AssignmentExpression { Left: Identifier id }:
                    reassigned.Add(id.Name);
                    break;
                case AssignmentExpression { Left: MemberExpression member }:
                    AddRoot(mutated, member);
                    break;
                case UpdateExpression { Argument: var argument }:
                    AddRoot(argument is Identifier ? reassigned : mutated, argument);
                    break;
                case NonUpdateUnaryExpression { Operator: Operator.Delete, Argument: var argument }:
                    AddRoot(mutated, argument);
                    break;
                case ForInStatement { Left: Identifier id }:
                    reassigned.Add(id.Name);
                    break;
                case ForOfStatement { Left: Identifier id }:
                    reassigned.Add(id.Name);
                    break;
                case CallExpression call:
                    if (call.Callee is MemberExpression callee)
                    {
                        AddRoot(mutated, callee.Object);
                    }

                    foreach (var argument in call.Arguments)
                    {
                        AddRoot(mutated, argument);
                    }

                    break;
                case NewExpression created:
                    foreach (var argument in created.Arguments)
                    {
                        AddRoot(mutated, argument);
                    }

                    break;
            }
        }

        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var declaration in script.Body.OfType<VariableDeclaration>())
        {
            foreach (var declarator in declaration.Declarations)
            {
                if (declarator.Id is not Identifier id || !declared.Add(id.Name))
                {
                    // Declared twice (var): the later one is an assignment.
                    _constants.Remove((declarator.Id as Identifier)?.Name ?? "");
                    continue;
                }

                var fixedBinding = declaration.Kind == VariableDeclarationKind.Const || !reassigned.Contains(id.Name);
                var fixedValue = declarator.Init is Literal or TemplateLiteral || !mutated.Contains(id.Name);
                if (declarator.Init is { } init && fixedBinding && fixedValue)
                {
                    _constants[id.Name] = init;
                }
            }
        }
    }

    private static void AddRoot(HashSet<string> names, Node? node)
    {
        while (node is MemberExpression member)
        {
            node = member.Object;
        }

        if (node is Identifier id)
        {
            names.Add(id.Name);
        }
    }

    private void ReadStatements(IEnumerable<Statement?> statements, bool certain)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case null or EmptyStatement or VariableDeclaration or FunctionDeclaration:
                    break;
                case ReturnStatement or ThrowStatement when certain:
                    // Node stops loading the file here.
                    return;
                case ExpressionStatement e:
                    ReadExpression(e.Expression, certain);
                    break;
                case NestedBlockStatement block:
                    ReadStatements(block.Body, certain);
                    break;
                case IfStatement s:
                    ReadStatements([s.Consequent, s.Alternate], certain: false);
                    break;
                case TryStatement s:
                    ReadStatements([s.Block, s.Handler?.Body, s.Finalizer], certain: false);
                    break;
                default:
                    // Loops, switch, labels: what they assign may or may not happen.
                    ReadTouches(statement, certain: false);
                    break;
            }

            // A return inside an `if` or `try` may end the file before the statements after it.
            if (certain && statement is IfStatement or TryStatement
                && Descendants(statement, enterFunctions: false).Any(n => n is ReturnStatement or ThrowStatement))
            {
                certain = false;
            }
        }
    }

    private void ReadExpression(Expression expression, bool certain)
    {
        switch (expression)
        {
            case SequenceExpression sequence:
                foreach (var part in sequence.Expressions)
                {
                    ReadExpression(part, certain);
                }

                break;
            case AssignmentExpression assignment:
                ReadAssignment(assignment, certain);
                break;
            case CallExpression { Callee: MemberExpression { Object: Identifier { Name: "Object" }, Property: Identifier { Name: "assign" } } } call
                when call.Arguments.Count > 0 && ExportPath(call.Arguments[0]) is { } target:
                foreach (var source in call.Arguments.Skip(1))
                {
                    ReadMerge(target, source, certain);
                }

                break;
            default:
                // Anything else that reaches the exports (a merge helper, a method called on them,
                // a function run at once) may change them.
                ReadTouches(expression, certain: false);
                break;
        }
    }

    private void ReadAssignment(AssignmentExpression assignment, bool certain)
    {
        // `module.exports = exports = {…}`: the inner assignment runs first; its value is the outer one's.
        var value = assignment.Right;
        var targets = new List<Node> { assignment.Left };
        while (value is AssignmentExpression { Operator: Operator.Assignment } inner)
        {
            targets.Add(inner.Left);
            value = inner.Right;
        }

        certain &= assignment.Operator == Operator.Assignment;
        foreach (var target in Enumerable.Reverse(targets))
        {
            if (target is Identifier { Name: "exports" })
            {
                continue;
            }

            if (BelowExports(target) is { } below)
            {
                // A computed key (module.exports[name] = …) is known only at run time.
                _writes.Add(new Write(below.Keys, value, certain && below.Complete));
            }
        }

        var setsAlias = targets.Any(t => t is Identifier { Name: "exports" });
        var setsModuleExports = targets.Any(IsModuleExports);
        if (setsAlias || setsModuleExports)
        {
            _exportsIsModuleExports = setsAlias && setsModuleExports;
        }
    }

    private void ReadMerge(List<string> target, Expression source, bool certain)
    {
        if (Value(source).Node is not ObjectExpression obj)
        {
            _writes.Add(new Write(target, source, Certain: false));
            return;
        }

        foreach (var property in obj.Properties)
        {
            if (property is Property p && KeyOf(p) is { } key)
            {
                _writes.Add(new Write([.. target, key], p.Value, certain));
            }
            else
            {
                _writes.Add(new Write(target, property, Certain: false));
            }
        }
    }

    /// <summary>Records what a piece of code may write to the exports, functions it holds included (they may run at once).</summary>
    private void ReadTouches(Node code, bool certain)
    {
        foreach (var node in Descendants(code, enterFunctions: true))
        {
            if (node is Expression expression && TouchedPath(expression) is { } path)
            {
                _writes.Add(new Write(path, expression, certain));
            }
        }
    }

    /// <summary>Where below the exports an expression may write: an assignment, a call given them or called on them, a delete.</summary>
    private List<string>? TouchedPath(Expression expression) => expression switch
    {
        AssignmentExpression a => BelowExports(a.Left)?.Keys,
        CallExpression c => c.Arguments.Select(ExportPath).FirstOrDefault(p => p is not null)
                            ?? (c.Callee is MemberExpression callee ? BelowExports(callee.Object)?.Keys : null),
        NonUpdateUnaryExpression { Operator: Operator.Delete } d => BelowExports(d.Argument)?.Keys,
        UpdateExpression u => BelowExports(u.Argument)?.Keys,
        _ => null,
    };

    /// <summary>The path an expression names below the exports: [] for module.exports, ["session"] for exports.session; null when it names none, or a key is computed.</summary>
    private List<string>? ExportPath(Node node) => BelowExports(node) is { Complete: true } below ? below.Keys : null;

    /// <summary>
    /// The keys a member chain names below the exports, up to the first computed one
    /// (module.exports.a[x].b gives ["a"], not complete); null when it does not start at the
    /// exports. A loop, not recursion: a chain may be thousands of members long.
    /// </summary>
    private (List<string> Keys, bool Complete)? BelowExports(Node node)
    {
        var keys = new List<string?>();
        while (node is MemberExpression member && !IsModuleExports(member))
        {
            keys.Add(member.Computed ? Value(member.Property).AsString : (member.Property as Identifier)?.Name);
            node = member.Object;
        }

        if (!IsModuleExports(node) && !(_exportsIsModuleExports && node is Identifier { Name: "exports" }))
        {
            return null;
        }

        keys.Reverse();
        var known = keys.TakeWhile(key => key is not null).Select(key => key!).ToList();
        return (known, known.Count == keys.Count);
    }

    private static bool IsModuleExports(Node node) => node is MemberExpression
    {
        Object: Identifier { Name: "module" }, Property: Identifier { Name: "exports" }, Computed: false,
    };

    private static IEnumerable<Node> Descendants(Node root, bool enterFunctions)
    {
        var stack = new Stack<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            if (!enterFunctions && node is IFunction && node != root)
            {
                continue;
            }

            foreach (var child in node.ChildNodes.Reverse())
            {
                stack.Push(child);
            }
        }
    }

    private sealed record Write(IReadOnlyList<string> Target, Node Value, bool Certain);
}
