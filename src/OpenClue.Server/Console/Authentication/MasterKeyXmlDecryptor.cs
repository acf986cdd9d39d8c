using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.WebConsole.Authentication;

/// <summary>Reads keys written by <see cref="MasterKeyXmlEncryptor"/>; created by Data Protection with the service provider.</summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var value = encryptedElement.Element(MasterKeyXmlEncryptor.ValueElement)?.Value
            ?? throw new InvalidOperationException("The console key is not in the master-key format.");
        return XElement.Parse(services.GetRequiredService<SecretProtector>().Unprotect(Convert.FromBase64String(value)));
    }
}
