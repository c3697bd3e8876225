; foo(), a.b(), this.repo.save(), super.m(), Cls.staticM(): the grammar has no node for `a.b`, so the object is
; captured as receiver and the extractor reads the text from it to the method name.
(method_invocation
  object: (_) @receiver
  name: (identifier) @callee
  arguments: (argument_list) @arguments) @call
(method_invocation
  !object
  name: (identifier) @callee
  arguments: (argument_list) @arguments) @call
; super(…) / this(…) in a constructor.
(explicit_constructor_invocation
  constructor: [(super) (this)] @callee
  arguments: (argument_list) @arguments) @call
; new X(), new a.B(), new ArrayList<>() (callee ArrayList), anonymous classes new T() { … } (callee T).
(object_creation_expression
  type: [(type_identifier) (scoped_type_identifier)] @callee
  arguments: (argument_list) @arguments) @call.new
(object_creation_expression
  type: (generic_type [(type_identifier) (scoped_type_identifier)] @callee)
  arguments: (argument_list) @arguments) @call.new
