using System.Reflection;
using System.Reflection.Emit;
using Microsoft.AspNetCore.Http;
using OpenClue.Server.Nclue.Features;

namespace OpenClue.Server.Tests.Architecture;

/// <summary>
/// The application layer (services, queries, job handlers and the job engine) speaks in domain terms: it takes typed
/// requests and throws domain errors, and never touches a surface's wire types (error codes and bodies, paging query
/// strings, HttpContext). Checked over signatures and over every member each method body references (IL).
/// </summary>
public sealed class ApplicationLayerTests
{
    private static readonly Assembly Server = typeof(FeatureService).Assembly;

    [Fact]
    public void Application_types_reference_no_wire_types()
    {
        var applicationTypes = Server.GetTypes().Where(IsApplication).ToList();
        Assert.Contains(typeof(FeatureService), applicationTypes);
        Assert.Contains(typeof(FeatureBuildJob), applicationTypes);
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in applicationTypes)
            foreach (var used in References(type))
                if (IsWire(used)) violations.Add($"{type.FullName} uses {used.FullName}");
        Assert.Empty(violations);
    }

    [Fact]
    public void The_check_sees_wire_types_in_method_bodies()
    {
        // The endpoints use the wire by design: the scan must find it there, or it could not find it anywhere.
        Assert.Contains(References(typeof(FeaturesApi)), IsWire);
    }

    /// <summary>Services, queries, job handlers and the job engine: NCLUE/NSML slices and Platform/Jobs, minus the edges.</summary>
    private static bool IsApplication(Type type)
    {
        var outer = type;
        while (outer.DeclaringType is not null) outer = outer.DeclaringType;
        var ns = outer.Namespace ?? "";
        var layer = ns.StartsWith("OpenClue.Server.Nclue", StringComparison.Ordinal) || ns.StartsWith("OpenClue.Server.Nsml", StringComparison.Ordinal) ||
                    ns == "OpenClue.Server.Platform.Jobs";
        // Each surface keeps its wire types in one namespace: NCLUE's Http, NSML's Api.
        if (!layer || ns.EndsWith(".Http", StringComparison.Ordinal) || ns == "OpenClue.Server.Nsml.Api") return false;
        // Endpoints (*Api), module registration (*Module) and request records binding themselves from HTTP are the edge.
        if (outer.Name.EndsWith("Api", StringComparison.Ordinal) || outer.Name.EndsWith("Module", StringComparison.Ordinal)) return false;
        return outer.GetMethod("BindAsync", BindingFlags.Public | BindingFlags.Static, [typeof(HttpContext)]) is null;
    }

    private static bool IsWire(Type type)
    {
        if (type.IsGenericType && !type.IsGenericTypeDefinition && type.GetGenericArguments().Any(IsWire)) return true;
        if (type.HasElementType) return IsWire(type.GetElementType()!);
        var ns = type.Namespace ?? "";
        return ns is "OpenClue.Server.Nclue.Http" or "OpenClue.Server.Nsml.Api" or "OpenClue.Server.Platform.Http" or "Microsoft.AspNetCore.Http" or "Microsoft.AspNetCore.Http.HttpResults";
    }

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static |
                                          BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> References(Type type)
    {
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var field in type.GetFields(Declared)) yield return field.FieldType;
        foreach (var property in type.GetProperties(Declared)) yield return property.PropertyType;
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) yield return info.ReturnType;
            foreach (var parameter in method.GetParameters()) yield return parameter.ParameterType;
            foreach (var used in BodyReferences(method)) yield return used;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types of the members (methods, fields, types, tokens) a method body references.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            var value = (short)il[at++];
            if (value == 0xFE) value = (short)(0xFE00 | il[at++]);
            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    at += 4;
                    MemberInfo? member = null;
                    try { member = method.Module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    switch (member)
                    {
                        case Type t: yield return t; break;
                        case FieldInfo f: yield return f.DeclaringType!; yield return f.FieldType; break;
                        case MethodBase m:
                            yield return m.DeclaringType!;
                            if (m is MethodInfo mi) yield return mi.ReturnType;
                            foreach (var p in m.GetParameters()) yield return p.ParameterType;
                            break;
                    }
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}
