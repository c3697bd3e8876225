; Locals with a visible type, for the call tracer (FileSyntax.locals): `Cart c = …`, `var c = new Cart()`.
(local_variable_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @name)) @local
(local_variable_declaration
  declarator: (variable_declarator name: (identifier) @name value: (object_creation_expression type: (_) @value))) @local
