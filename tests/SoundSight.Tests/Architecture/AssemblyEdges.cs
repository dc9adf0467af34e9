using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SoundSight.Tests.Architecture;

/// <summary>
/// Reads the compiled assembly's metadata (System.Reflection.Metadata) and lists, per type definition, every type of
/// the same assembly it uses: base type, interfaces, generic constraints, attributes, field, property, event and
/// method signatures, locals, and every type, method or field token in the method bodies' IL. The compiled assembly
/// is the truth: a fully qualified name or a `using` alias cannot hide an edge from it, and compiler-generated
/// closures and state machines count for the type that declares them.
/// </summary>
public static class AssemblyEdges
{
    private const string Root = "SoundSight.";

    /// <summary>One edge per (using type, used type) pair whose top folders differ.</summary>
    public static IReadOnlyList<NamespaceEdge> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var edges = new List<NamespaceEdge>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var from = FolderOf(reader, handle);
            if (from is null)
            {
                continue;
            }
            var used = new HashSet<TypeDefinitionHandle>();
            CollectUses(pe, reader, handle, used);
            foreach (var target in used)
            {
                var to = FolderOf(reader, target);
                if (to is not null && to != from)
                {
                    edges.Add(new NamespaceEdge(from, to, FullName(reader, handle), FullName(reader, target)));
                }
            }
        }
        return edges;
    }

    private static void CollectUses(PEReader pe, MetadataReader reader, TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> used)
    {
        var types = new TypeCollector(reader, used);
        var type = reader.GetTypeDefinition(handle);
        if (!type.BaseType.IsNil)
        {
            types.Add(type.BaseType);
        }
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            types.Add(reader.GetInterfaceImplementation(implementation).Interface);
        }
        AddGenericConstraints(reader, type.GetGenericParameters(), types);
        AddAttributes(reader, type.GetCustomAttributes(), types);
        foreach (var fieldHandle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            field.DecodeSignature(types, null);
            AddAttributes(reader, field.GetCustomAttributes(), types);
        }
        foreach (var propertyHandle in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(propertyHandle);
            property.DecodeSignature(types, null);
            AddAttributes(reader, property.GetCustomAttributes(), types);
        }
        foreach (var eventHandle in type.GetEvents())
        {
            var @event = reader.GetEventDefinition(eventHandle);
            types.Add(@event.Type);
            AddAttributes(reader, @event.GetCustomAttributes(), types);
        }
        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            method.DecodeSignature(types, null);
            AddGenericConstraints(reader, method.GetGenericParameters(), types);
            AddAttributes(reader, method.GetCustomAttributes(), types);
            foreach (var parameter in method.GetParameters())
            {
                AddAttributes(reader, reader.GetParameter(parameter).GetCustomAttributes(), types);
            }
            if (method.RelativeVirtualAddress != 0)
            {
                AddBody(reader, pe.GetMethodBody(method.RelativeVirtualAddress), types);
            }
        }
    }

    private static void AddGenericConstraints(MetadataReader reader, GenericParameterHandleCollection parameters, TypeCollector types)
    {
        foreach (var parameter in parameters)
        {
            foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
            {
                types.Add(reader.GetGenericParameterConstraint(constraint).Type);
            }
        }
    }

    private static void AddAttributes(MetadataReader reader, CustomAttributeHandleCollection attributes, TypeCollector types)
    {
        foreach (var attribute in attributes)
        {
            AddMember(reader, reader.GetCustomAttribute(attribute).Constructor, types);
        }
    }

    private static void AddBody(MetadataReader reader, MethodBodyBlock body, TypeCollector types)
    {
        if (!body.LocalSignature.IsNil)
        {
            reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(types, null);
        }
        foreach (var token in IlTokens.Read(body.GetILBytes() ?? []))
        {
            AddMember(reader, MetadataTokens.EntityHandle(token), types);
        }
    }

    /// <summary>A token from IL or an attribute: a type, a method, a field, or a member of another type.</summary>
    private static void AddMember(MetadataReader reader, EntityHandle handle, TypeCollector types)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
            case HandleKind.TypeSpecification:
                types.Add(handle);
                break;
            case HandleKind.MethodDefinition:
                types.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                types.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                AddMember(reader, member.Parent, types);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(types, null);
                }
                else
                {
                    member.DecodeFieldSignature(types, null);
                }
                break;
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddMember(reader, specification.Method, types);
                specification.DecodeSignature(types, null);
                break;
        }
    }

    /// <summary>The folder (namespace segment after "SoundSight.", two for a subdivided folder) of a type, nested types counting as their outermost one.</summary>
    private static string? FolderOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var ns = reader.GetString(Outermost(reader, handle).Namespace);
        if (!ns.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }
        var segments = ns[Root.Length..].Split('.');
        // A subdivided folder's subfolders sit in layers of their own (Evaluation's benchmarks and metrics lie below
        // the methods that its evaluation API runs).
        return segments.Length > 1 && LayerTable.Subdivided.Contains(segments[0], StringComparer.Ordinal)
            ? $"{segments[0]}.{segments[1]}"
            : segments[0];
    }

    private static TypeDefinition Outermost(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }
        return type;
    }

    private static string FullName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var outer = Outermost(reader, handle);
        return $"{reader.GetString(outer.Namespace)}.{reader.GetString(outer.Name)}";
    }
}
