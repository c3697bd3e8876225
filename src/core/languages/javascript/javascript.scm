; JavaScript-only node shapes (the TypeScript grammar replaces these; see typescript/typescript.scm).

; `class A extends mod.Base {}`: the heritage is one expression.
(class_declaration name: (_) @name (class_heritage . (_) @base)) @definition.class
(variable_declarator name: (identifier) @name value: (class (class_heritage . (_) @base)) @definition.class)

; Parameters: plain, default, rest. Destructured parameters (`{ a, b }`, `[x]`) are skipped: they have no one name.
(formal_parameters [
  (identifier) @name
  (assignment_pattern left: (identifier) @name)
  (rest_pattern (identifier) @name)
] @parameter)

; Class fields: `store = new Store()`, `#cache = new Map()`, `static x = 1`; arrow-function fields are methods.
(field_definition
  property: [(property_identifier) (private_property_identifier)] @name
  value: (new_expression constructor: [(identifier) (member_expression)] @type)?) @field
(field_definition
  property: [(property_identifier) (private_property_identifier)] @name
  value: [
    (arrow_function body: (_) @body)
    (function_expression body: (_) @body)
  ] @definition.method)

; Decorators (stage 3) on classes and methods. Field decorators only when the field holds a function.
(class_declaration decorator: (decorator) @decorator)
(export_statement decorator: (decorator) @decorator)
(method_definition decorator: (decorator) @decorator)
(field_definition decorator: (decorator) @decorator value: [(arrow_function) (function_expression)])
