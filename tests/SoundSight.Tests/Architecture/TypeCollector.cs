using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace SoundSight.Tests.Architecture;

/// <summary>
/// A signature decoder's type provider that only records which of the assembly's own type definitions a signature
/// names (through generic arguments, arrays, pointers and specifications too). Types of other assemblies are not
/// edges between the library's folders, so they are ignored.
/// </summary>
internal sealed class TypeCollector(MetadataReader reader, ISet<TypeDefinitionHandle> found)
    : ISignatureTypeProvider<bool, object?>
{
    public bool GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => found.Add(handle);

    public bool GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => false;

    public bool GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
    {
        Add(handle);
        return false;
    }

    /// <summary>Records the types any type-like token names: a definition, a reference or a specification.</summary>
    public void Add(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                found.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                break;
        }
    }

    public bool GetArrayType(bool elementType, ArrayShape shape) => false;
    public bool GetByReferenceType(bool elementType) => false;
    public bool GetFunctionPointerType(MethodSignature<bool> signature) => false;
    public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => false;
    public bool GetGenericMethodParameter(object? genericContext, int index) => false;
    public bool GetGenericTypeParameter(object? genericContext, int index) => false;
    public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => false;
    public bool GetPinnedType(bool elementType) => false;
    public bool GetPointerType(bool elementType) => false;
    public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => false;
    public bool GetSZArrayType(bool elementType) => false;
}
