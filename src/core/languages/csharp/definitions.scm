; Methods, constructors and local functions. Constructors are their own node; method vs function is decided by the
; enclosing type.
(method_declaration
  returns: (_) @return_type
  name: (identifier) @name
  parameters: (parameter_list)
  body: (_)? @body) @definition.method
(constructor_declaration
  name: (identifier) @name
  parameters: (parameter_list)
  body: (_)? @body) @definition.constructor
(local_function_statement
  type: (_) @return_type
  name: (identifier) @name
  parameters: (parameter_list)
  body: (_)? @body) @definition.function

; A lambda bound to a local variable is a function of that name; other lambdas and anonymous methods are anonymous.
(variable_declarator
  name: (identifier) @name
  (lambda_expression body: (_) @body) @definition.function)
(lambda_expression body: (_) @body) @definition.lambda
(anonymous_method_expression (block) @body) @definition.lambda

; Types. One match per base type; matches of the same definition are merged.
(class_declaration name: (identifier) @name body: (declaration_list) @body) @definition.class
(class_declaration name: (identifier) @name (base_list (_) @base)) @definition.class
(struct_declaration name: (identifier) @name body: (declaration_list) @body) @definition.struct
(struct_declaration name: (identifier) @name (base_list (_) @base)) @definition.struct
(interface_declaration name: (identifier) @name body: (declaration_list) @body) @definition.interface
(interface_declaration name: (identifier) @name (base_list (_) @base)) @definition.interface
(record_declaration name: (identifier) @name) @definition.record
(record_declaration name: (identifier) @name (base_list (_) @base)) @definition.record
(enum_declaration name: (identifier) @name) @definition.enum

; Attributes: one decorator per attribute, so `[A, B]` and `[A] [B]` read the same.
(attribute_list (attribute) @decorator)

(parameter_list (parameter type: (_) @type name: (identifier) @name) @parameter)
(parameter_list (parameter . name: (identifier) @name) @parameter)
(lambda_expression parameters: (implicit_parameter) @name @parameter)
(lambda_expression parameters: (parameter_list (parameter name: (identifier) @name) @parameter))

; Fields and auto-properties; record positional parameters are properties too.
(field_declaration (variable_declaration type: (_) @type (variable_declarator name: (identifier) @name)) @field)
(property_declaration type: (_) @type name: (identifier) @name) @field
(record_declaration (parameter_list (parameter type: (_) @type name: (identifier) @name) @field))

(yield_statement) @yield
