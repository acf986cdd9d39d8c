namespace OpenClue.Modeling; public static class Placeholder {}
