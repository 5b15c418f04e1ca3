// Files marked "use client" run in the browser: they must not import the database,
// Temporal, the API's server code or Node built-ins. Type-only imports are fine (the tRPC
// client needs `import type { AppRouter }`). A glob cannot see the directive, hence a rule.
const SERVER_ONLY = /^(@mailstream\/(db|temporal|api|runtime)(\/|$)|@temporalio\/|pg$|node:|server-only$)/;

export const noServerImportsInClient = {
  meta: {
    type: "problem",
    docs: { description: 'Forbid server-only imports in "use client" files' },
    messages: {
      serverOnly:
        '"{{source}}" is server-only; a "use client" component must not import it (DESIGN.md: client components never import db). Fetch through tRPC instead.',
    },
    schema: [],
  },
  create(context) {
    const body = context.sourceCode.ast.body;
    const isClient = body.some((node) => node.type === "ExpressionStatement" && node.directive === "use client");
    if (!isClient) return {};
    const check = (node) => {
      if (node.importKind === "type" || node.exportKind === "type" || !node.source) return;
      const source = String(node.source.value);
      if (
        node.type === "ImportDeclaration" &&
        node.specifiers.length > 0 &&
        node.specifiers.every((s) => s.importKind === "type")
      )
        return;
      if (SERVER_ONLY.test(source)) context.report({ node: node.source, messageId: "serverOnly", data: { source } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
