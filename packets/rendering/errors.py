class PacketError(Exception):
    """A permanent reason a packet cannot be rendered. Its message is shown to staff as is;
    rendering again changes nothing until the cause (a letter, say) is fixed."""

    @property
    def message(self) -> str:
        return str(self)
