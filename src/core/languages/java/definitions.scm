; The package declaration gives the module name (moduleNaming "java"): com.shop.web.OrderController.list.
(package_declaration [(scoped_identifier) (identifier)] @name) @package

; Classes, interfaces, enums and records; nested ones qualify under their enclosing type.
(class_declaration name: (identifier) @name body: (class_body) @body) @definition.class
(interface_declaration name: (identifier) @name body: (interface_body) @body) @definition.interface
(enum_declaration name: (identifier) @name body: (enum_body) @body) @definition.enum
(record_declaration name: (identifier) @name body: (class_body) @body) @definition.record
(annotation_type_declaration name: (identifier) @name body: (annotation_type_body) @body) @definition.interface

; Bases: extends and implements, one match per type (matches of one definition are merged). Type arguments are
; dropped: `extends Base<T>` gives Base.
(class_declaration
  name: (identifier) @name
  superclass: (superclass [(type_identifier) (scoped_type_identifier)] @base)) @definition.class
(class_declaration
  name: (identifier) @name
  superclass: (superclass (generic_type [(type_identifier) (scoped_type_identifier)] @base))) @definition.class
(class_declaration
  name: (identifier) @name
  interfaces: (super_interfaces (type_list [(type_identifier) (scoped_type_identifier)] @base))) @definition.class
(class_declaration
  name: (identifier) @name
  interfaces: (super_interfaces (type_list (generic_type [(type_identifier) (scoped_type_identifier)] @base)))) @definition.class
(interface_declaration
  name: (identifier) @name
  (extends_interfaces (type_list [(type_identifier) (scoped_type_identifier)] @base))) @definition.interface
(interface_declaration
  name: (identifier) @name
  (extends_interfaces (type_list (generic_type [(type_identifier) (scoped_type_identifier)] @base)))) @definition.interface
(enum_declaration
  name: (identifier) @name
  interfaces: (super_interfaces (type_list [(type_identifier) (scoped_type_identifier)] @base))) @definition.enum
(enum_declaration
  name: (identifier) @name
  interfaces: (super_interfaces (type_list (generic_type [(type_identifier) (scoped_type_identifier)] @base)))) @definition.enum
(record_declaration
  name: (identifier) @name
  interfaces: (super_interfaces (type_list [(type_identifier) (scoped_type_identifier)] @base))) @definition.record
(record_declaration
  name: (identifier) @name
  interfaces: (super_interfaces (type_list (generic_type [(type_identifier) (scoped_type_identifier)] @base)))) @definition.record

; Methods with a body (abstract and interface methods declare nothing to trace), constructors (the class's
; name), compact record constructors.
(method_declaration
  type: (_) @return_type
  name: (identifier) @name
  parameters: (formal_parameters)
  body: (block) @body) @definition.method
(constructor_declaration
  name: (identifier) @name
  parameters: (formal_parameters)
  body: (constructor_body) @body) @definition.constructor
(compact_constructor_declaration name: (identifier) @name body: (block) @body) @definition.constructor

; Lambdas; one bound to a variable or field (`Runnable r = () -> …`) is a function of that name.
(variable_declarator
  name: (identifier) @name
  value: (lambda_expression body: (_) @body) @definition.function)
(lambda_expression body: (_) @body) @definition.lambda

; Annotations on types, methods and constructors (not on parameters or locals).
(class_declaration (modifiers [(annotation) (marker_annotation)] @decorator))
(interface_declaration (modifiers [(annotation) (marker_annotation)] @decorator))
(enum_declaration (modifiers [(annotation) (marker_annotation)] @decorator))
(record_declaration (modifiers [(annotation) (marker_annotation)] @decorator))
(method_declaration (modifiers [(annotation) (marker_annotation)] @decorator))
(constructor_declaration (modifiers [(annotation) (marker_annotation)] @decorator))

; Fields (`private int a = 1, b;` declares both), record components, enum constants.
(field_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @name)) @field
(constant_declaration type: (_) @type declarator: (variable_declarator name: (identifier) @name)) @field
(record_declaration parameters: (formal_parameters (formal_parameter type: (_) @type name: (identifier) @name) @field))
(enum_constant name: (identifier) @name) @field

; Parameters of methods, constructors and lambdas (`x -> …`, `(a, b) -> …`, `(String s) -> …`); varargs keep the
; element type.
(method_declaration parameters: (formal_parameters (formal_parameter type: (_) @type name: (identifier) @name) @parameter))
(constructor_declaration parameters: (formal_parameters (formal_parameter type: (_) @type name: (identifier) @name) @parameter))
(lambda_expression parameters: (formal_parameters (formal_parameter type: (_) @type name: (identifier) @name) @parameter))
(method_declaration parameters: (formal_parameters (spread_parameter
  [(type_identifier) (scoped_type_identifier) (generic_type) (array_type) (integral_type) (floating_point_type) (boolean_type)] @type
  (variable_declarator name: (identifier) @name)) @parameter))
(constructor_declaration parameters: (formal_parameters (spread_parameter
  [(type_identifier) (scoped_type_identifier) (generic_type) (array_type) (integral_type) (floating_point_type) (boolean_type)] @type
  (variable_declarator name: (identifier) @name)) @parameter))
(lambda_expression parameters: (identifier) @name @parameter)
(lambda_expression parameters: (inferred_parameters (identifier) @name @parameter))
