//! Turning the file blocks of a send or edit (`{ type: "file", fileToken }`) into the blocks a
//! message stores: the token is checked, and the file's name, size, subtype and dimensions come
//! from its upload, whatever else the client put in the block.

use chat_elements_protocol::ContentBlock;

use crate::error::AppError;
use crate::state::AppState;

/// `blocks` with every file block resolved from its token. An unknown or forged token is
/// INVALID_ARGUMENT.
pub async fn resolve_blocks(
    state: &AppState,
    blocks: &[ContentBlock],
) -> Result<Vec<ContentBlock>, AppError> {
    let mut resolved = Vec::with_capacity(blocks.len());
    for block in blocks {
        let ContentBlock::File(file) = block else {
            resolved.push(block.clone());
            continue;
        };
        let Some(file_id) = state.files.signer.verify_token(&file.file_token) else {
            return Err(AppError::invalid("fileToken is not a valid file token"));
        };
        let Some(record) = state.store.file(file_id).await? else {
            return Err(AppError::invalid(
                "fileToken names a file that does not exist",
            ));
        };
        resolved.push(ContentBlock::File(record.block(file.file_token.clone())));
    }
    Ok(resolved)
}
