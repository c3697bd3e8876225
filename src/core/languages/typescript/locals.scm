; TypeScript locals with a declared type, for the call tracer: `const repo: Repo = …`.
(variable_declarator name: (identifier) @name type: (type_annotation) @type) @local
