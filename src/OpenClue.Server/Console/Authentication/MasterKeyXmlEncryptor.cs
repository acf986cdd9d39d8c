using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.WebConsole.Authentication;

/// <summary>
/// Keeps the console's Data Protection keys (which encrypt session cookies and anti-forgery tokens) encrypted at rest
/// with the deployment's master key, as access-key secrets are (AES-GCM): the key folder alone forges no session.
/// </summary>
public sealed class MasterKeyXmlEncryptor(SecretProtector protector) : IXmlEncryptor
{
    public const string ValueElement = "value";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var cipher = protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var encrypted = new XElement("encryptedKey",
            new XComment(" Encrypted with the OpenClue master key (OpenClue:MasterKey or {DataDir}/master.key). "),
            new XElement(ValueElement, Convert.ToBase64String(cipher)));
        return new EncryptedXmlInfo(encrypted, typeof(MasterKeyXmlDecryptor));
    }
}
